using InterpLoop.Hunt;
using InterpLoop.Spec.Catalog;

namespace InterpLoop.Properties.Hunt;

/// <summary>Merging shard stores into a run store is by run key: idempotent, never duplicating, and all or nothing when a file is bad.</summary>
public class RunStoreMergeTests
{
    static Dictionary<string, ParameterValue> At(double a) => new() { ["a"] = ParameterValue.Of(a) };

    static string Shard(TempFolder temp, string name, params (double A, long Seed)[] runs)
    {
        var scenario = new LandscapeScenario();
        using var store = RunStore.Open(temp.File(name), sharedFilesystem: true);
        foreach (var (a, seed) in runs) store.GetOrRun(scenario, At(a), seed);
        return store.FilePath;
    }

    [Fact]
    public void Merging_twice_changes_nothing_and_a_run_already_present_is_not_duplicated()
    {
        using var temp = new TempFolder();
        var one = Shard(temp, "one.db", (1, 0), (2, 0), (3, 1));
        var two = Shard(temp, "two.db", (3, 1), (4, 2));
        using var store = RunStore.Open(temp.File("runs.db"));
        store.GetOrRun(new LandscapeScenario(), At(1), 0);

        Assert.Equal(new RunStoreMerge(3, 2, 0), store.Merge(new[] { one, two })); // (1, 0) was here; (3, 1) is in both shards
        Assert.Equal(4, store.Count);
        Assert.Equal(new RunStoreMerge(0, 5, 0), store.Merge(new[] { one, two }));
        Assert.Equal(4, store.Count);
        Assert.True(store.TryGet(new LandscapeScenario(), At(4), 2, out var merged));
        Assert.Equal(new LandscapeScenario().Run(At(4), 2).Metrics, merged.Metrics);
    }

    [Fact]
    public void A_truncated_shard_is_reported_by_name_and_nothing_is_merged()
    {
        using var temp = new TempFolder();
        var good = Shard(temp, "good.db", (1, 0));
        var bad = Shard(temp, "bad.db", Enumerable.Range(0, 40).Select(i => ((double)i / 4, 0L)).ToArray());
        File.WriteAllBytes(bad, File.ReadAllBytes(bad).AsSpan(0, 6000).ToArray());
        using var store = RunStore.Open(temp.File("runs.db"));

        var e = Assert.Throws<RunStoreException>(() => store.Merge(new[] { good, bad }));
        Assert.Contains($"'{bad}'", e.Message);
        Assert.Equal(0, store.Count);
        Assert.Throws<RunStoreException>(() => RunStore.KeysIn(bad));
        Assert.Contains("does not exist", Assert.Throws<RunStoreException>(() => store.Merge(new[] { temp.File("none.db") })).Message);
    }
}
