using InterpLoop.Engine;
using InterpLoop.Engine.RewardHacking;
using InterpLoop.Hunt;
using InterpLoop.Properties.Engine;
using InterpLoop.Spec.Catalog;

namespace InterpLoop.Properties.Hunt;

/// <summary>A batch through the store: stored runs are hits, a repeated request trains once, and every trained run is stored as the solo path stores it.</summary>
public class RunStoreBatchTests
{
    static Dictionary<string, ParameterValue> X(double x) => new() { ["x"] = ParameterValue.Of(x) };

    [Fact]
    public void A_batch_trains_only_what_the_store_lacks_once_each_and_returns_results_in_request_order()
    {
        using var temp = new TempFolder();
        var scenario = new CountingScenario();
        using var store = RunStore.Open(temp.File("runs.db"));
        var stored = store.GetOrRun(scenario, X(2), 0);
        var requests = new[] { new RunRequest(X(3), 1), new RunRequest(X(2), 0), new RunRequest(X(3), 1), new RunRequest(X(4), 0) };
        var results = store.GetOrRunBatch(scenario, requests);
        Assert.Equal(3, scenario.Runs);                       // the stored run, then x = 3 and x = 4 once each
        Assert.Equal((1, 3), (store.Hits, store.Misses));
        Assert.Equal(3, store.Count);
        RunStoreTests.AssertSameRun(stored, results[1]);
        Assert.Same(results[0], results[2]);
        for (int i = 0; i < requests.Length; i++)
            RunStoreTests.AssertSameRun(scenario.Run(requests[i].Assignments, requests[i].Seed), results[i]);
        store.GetOrRunBatch(scenario, requests);
        Assert.Equal(3 + requests.Length, scenario.Runs);     // only the comparison runs above: the repeat was all hits
    }

    [Fact]
    public void A_batched_population_stores_what_the_solo_path_would_have_stored()
    {
        using var temp = new TempFolder();
        var scenario = new RewardHackingScenario();
        var small = RewardHackingConfigBinding.Describe(SmallRuns.Config)
            .Where(kv => kv.Key is "steps" or "reference.steps" or "eval.problems" or "model.hidden")
            .ToDictionary(kv => kv.Key, kv => scenario.Catalog.FindParameter(kv.Key)!.TryParse(kv.Value, out var v, out _) ? v : throw new InvalidOperationException(kv.Key));
        var requests = new[] { 0.0, 1, 3 }.Select(alpha => new RunRequest(new Dictionary<string, ParameterValue>(small) { ["penalty.weight"] = ParameterValue.Of(alpha) }, 1)).ToList();
        using (var store = RunStore.Open(temp.File("batched.db"))) store.GetOrRunBatch(scenario, requests);
        using var batched = RunStore.Open(temp.File("batched.db"));
        using var solo = RunStore.Open(temp.File("solo.db"));
        foreach (var r in requests)
        {
            Assert.True(batched.TryGet(scenario, r.Assignments, r.Seed, out var fromBatch));
            RunStoreTests.AssertSameRun(solo.GetOrRun(new RewardHackingScenario(new MemoryPreludeCache(0)), r.Assignments, r.Seed), fromBatch);
        }
    }
}
