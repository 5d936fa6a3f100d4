using InterpLoop.Engine.RewardHacking;
using InterpLoop.Hunt;
using InterpLoop.Spec.Catalog;
using Microsoft.Data.Sqlite;

namespace InterpLoop.Properties.Hunt;

/// <summary>The run store's preludes table: reused by a later process, migrated into from layout 1, and recovered from when a row is corrupt.</summary>
public class RunStorePreludeTests
{
    static readonly Dictionary<string, ParameterValue> NoAssignments = new();

    [Fact]
    public void A_new_process_with_a_new_configuration_reuses_the_stored_prelude()
    {
        using var temp = new TempFolder();
        using (var store = RunStore.Open(temp.File("runs.db")))
        {
            store.GetOrRun(new RewardHackingScenario(), TinyRuns.Assignments("penalty.weight=2"), 3);
            Assert.Equal(1, store.PreludeCount);
        }

        // Another process: a new store connection and a new scenario, with nothing in memory.
        using var reopened = RunStore.Open(temp.File("runs.db"));
        var cache = new MemoryPreludeCache();
        var other = TinyRuns.Assignments("penalty.weight=0.5", "penalty.route=through_probe", "kl.beta=0.001");
        var reused = reopened.GetOrRun(new RewardHackingScenario(cache), other, 3);

        Assert.Equal((0, 1, 0), cache.Sources);
        Assert.Equal(1, reopened.PreludeCount);
        RunStoreTests.AssertSameRun(new RewardHackingScenario(new MemoryPreludeCache(0)).Run(other, 3), reused);
        Assert.Empty(reopened.Warnings);
    }

    [Fact]
    public void A_layout_1_file_keeps_its_runs_and_gains_the_preludes_table()
    {
        using var temp = new TempFolder();
        var path = temp.File("runs.db");
        var scenario = new CountingScenario();
        using (var store = RunStore.Open(path)) store.GetOrRun(scenario, NoAssignments, 0);
        Sql(path, "DROP TABLE preludes; PRAGMA user_version = 1;");   // what layout 1 wrote

        using (var migrated = RunStore.Open(path))
        {
            Assert.Equal(1, migrated.Count);
            Assert.True(migrated.TryGet(scenario, NoAssignments, 0, out _));
            Assert.Equal(0, migrated.PreludeCount);
            migrated.GetOrRun(new RewardHackingScenario(), TinyRuns.Assignments(), 0);
            Assert.Equal(1, migrated.PreludeCount);
        }
        Assert.Equal(RunStore.SchemaVersion, Convert.ToInt32(Sql(path, "PRAGMA user_version;")));
        Assert.Equal(1, scenario.Runs);
    }

    [Fact]
    public void A_file_of_a_newer_layout_is_refused()
    {
        using var temp = new TempFolder();
        var path = temp.File("runs.db");
        using (RunStore.Open(path)) { }
        Sql(path, $"PRAGMA user_version = {RunStore.SchemaVersion + 1};");
        var error = Assert.Throws<RunStoreException>(() => RunStore.Open(path));
        Assert.Contains("newer", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void A_corrupt_prelude_row_is_reported_by_its_key_and_recomputed()
    {
        using var temp = new TempFolder();
        var path = temp.File("runs.db");
        var assignments = TinyRuns.Assignments();
        using (var store = RunStore.Open(path)) store.GetOrRun(new RewardHackingScenario(), assignments, 1);
        var key = (string)Sql(path, "SELECT key FROM preludes;")!;
        Sql(path, "UPDATE preludes SET snapshot = substr(snapshot, 1, 1000);");

        using var reopened = RunStore.Open(path);
        var cache = new MemoryPreludeCache();
        var other = TinyRuns.Assignments("penalty.weight=4");
        var run = reopened.GetOrRun(new RewardHackingScenario(cache), other, 1);

        Assert.Equal((0, 0, 1), cache.Sources);
        var warning = Assert.Single(reopened.Warnings);
        Assert.Contains(key, warning);
        Assert.Contains(path, warning);
        RunStoreTests.AssertSameRun(new RewardHackingScenario(new MemoryPreludeCache(0)).Run(other, 1), run);
        // The recomputed prelude replaced the corrupt row: the next process loads it.
        var next = new MemoryPreludeCache();
        reopened.GetOrRun(new RewardHackingScenario(next), TinyRuns.Assignments("penalty.weight=5"), 1);
        Assert.Equal((0, 1, 0), next.Sources);
    }

    static object? Sql(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
