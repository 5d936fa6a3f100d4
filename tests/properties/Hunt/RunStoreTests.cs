using InterpLoop.Engine;
using InterpLoop.Engine.RewardHacking;
using InterpLoop.Hunt;
using InterpLoop.Spec.Catalog;
using Microsoft.Data.Sqlite;

namespace InterpLoop.Properties.Hunt;

/// <summary>The run store: hits return the stored run bit for bit, misses train once, and the file survives reopening and interruption.</summary>
public class RunStoreTests
{
    static readonly Dictionary<string, ParameterValue> NoAssignments = new();

    [Fact]
    public void A_stored_reward_hacking_run_comes_back_bit_identical_after_reopening()
    {
        using var temp = new TempFolder();
        var scenario = new RewardHackingScenario();
        var assignments = TinyRuns.Assignments("penalty.route=through_probe");
        RunResult original;
        using (var store = RunStore.Open(temp.File("runs.db"))) original = store.GetOrRun(scenario, assignments, 7);

        using var reopened = RunStore.Open(temp.File("runs.db"));
        Assert.True(reopened.TryGet(scenario, assignments, 7, out var stored));
        AssertSameRun(original, stored);
        Assert.Equal(original.Config, ScenarioConfigurations.Full(scenario, assignments));
    }

    [Fact]
    public void Awkward_doubles_survive_the_round_trip_bit_for_bit()
    {
        using var temp = new TempFolder();
        var scenario = new CountingScenario();
        var original = scenario.Run(NoAssignments, 3);
        using (var store = RunStore.Open(temp.File("runs.db"))) store.GetOrRun(scenario, NoAssignments, 3);
        using var reopened = RunStore.Open(temp.File("runs.db"));
        Assert.True(reopened.TryGet(scenario, NoAssignments, 3, out var stored));
        AssertSameRun(original, stored);
    }

    [Fact]
    public void A_repeated_run_is_a_cache_hit_and_does_not_call_the_scenario()
    {
        using var temp = new TempFolder();
        var scenario = new CountingScenario();
        using var store = RunStore.Open(temp.File("runs.db"));
        var assignments = new Dictionary<string, ParameterValue> { ["x"] = ParameterValue.Of(2.5) };
        var first = store.GetOrRun(scenario, assignments, 1);
        var second = store.GetOrRun(scenario, assignments, 1);
        Assert.Equal(1, scenario.Runs);
        Assert.Equal((1, 1, 1), (store.Hits, store.Misses, store.Count));
        AssertSameRun(first, second);
    }

    [Fact]
    public void Assigning_a_default_explicitly_is_the_same_run_as_leaving_it_out()
    {
        using var temp = new TempFolder();
        var scenario = new CountingScenario();
        using var store = RunStore.Open(temp.File("runs.db"));
        store.GetOrRun(scenario, NoAssignments, 0);
        store.GetOrRun(scenario, new Dictionary<string, ParameterValue> { ["x"] = ParameterValue.Of(1), ["mode"] = ParameterValue.Of("plain") }, 0);
        Assert.Equal(1, scenario.Runs);
    }

    [Fact]
    public void Seed_config_scenario_and_engine_version_each_change_the_key()
    {
        using var temp = new TempFolder();
        var fake = new CountingScenario();
        using var store = RunStore.Open(temp.File("runs.db"));
        using var newerEngine = RunStore.Open(temp.File("runs.db"), engineVersion: "999.0.0");
        var x2 = new Dictionary<string, ParameterValue> { ["x"] = ParameterValue.Of(2) };
        var keys = new[]
        {
            store.KeyOf(fake, NoAssignments, 0),
            store.KeyOf(fake, NoAssignments, 1),
            store.KeyOf(fake, x2, 0),
            store.KeyOf(fake, new Dictionary<string, ParameterValue> { ["mode"] = ParameterValue.Of("fancy") }, 0),
            newerEngine.KeyOf(fake, NoAssignments, 0),
            store.KeyOf(new RewardHackingScenario(), NoAssignments, 0),
        };
        Assert.Equal(keys.Length, keys.Distinct().Count());
        Assert.All(keys, k => Assert.Matches("^[0-9a-f]{64}$", k));

        store.GetOrRun(fake, NoAssignments, 0);
        newerEngine.GetOrRun(fake, NoAssignments, 0);
        Assert.Equal(2, fake.Runs);
        Assert.Equal(2, store.Count);
    }

    [Fact]
    public void A_second_store_on_the_same_file_sees_finished_runs()
    {
        using var temp = new TempFolder();
        var scenario = new CountingScenario();
        using var writer = RunStore.Open(temp.File("runs.db"));
        using var reader = RunStore.Open(temp.File("runs.db"));
        Assert.False(reader.TryGet(scenario, NoAssignments, 4, out _));
        writer.GetOrRun(scenario, NoAssignments, 4);
        Assert.True(reader.TryGet(scenario, NoAssignments, 4, out _));
    }

    [Fact]
    public void A_write_that_never_committed_leaves_the_finished_runs_intact()
    {
        using var temp = new TempFolder();
        var scenario = new CountingScenario();
        var path = temp.File("runs.db");
        using (var store = RunStore.Open(path))
        {
            store.GetOrRun(scenario, NoAssignments, 0);
            store.GetOrRun(scenario, NoAssignments, 1);
        }

        // What a process killed between its INSERT and its COMMIT leaves behind: the writing connection goes
        // away without committing. A copy of the files taken mid-transaction stands for the crash itself.
        var crashed = Path.Combine(temp.Path, "crashed");
        Directory.CreateDirectory(crashed);
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO runs (key, scenario, seed, engine_version, result, stored_utc) VALUES ('half', 'counting_fake', 9, 'x', '{', 'now');";
            command.ExecuteNonQuery();
            foreach (var file in Directory.GetFiles(temp.Path, "runs.db*"))
                File.Copy(file, Path.Combine(crashed, Path.GetFileName(file)));
        }

        foreach (var survivor in new[] { path, Path.Combine(crashed, "runs.db") })
        {
            using var store = RunStore.Open(survivor);
            Assert.Equal(2, store.Count);
            Assert.True(store.TryGet(scenario, NoAssignments, 0, out _));
            Assert.True(store.TryGet(scenario, NoAssignments, 1, out _));
        }
        Assert.Equal(2, scenario.Runs);
    }

    [Fact]
    public void A_corrupt_store_file_is_an_error_naming_the_file()
    {
        using var temp = new TempFolder();
        var path = temp.File("runs.db");
        File.WriteAllText(path, "this is not a SQLite database, just some text that someone saved over it\n" + new string('x', 4096));
        var error = Assert.Throws<RunStoreException>(() => RunStore.Open(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("corrupt or not a SQLite database", error.Message);
    }

    [Fact]
    public void A_folder_in_place_of_the_file_is_an_error_naming_it()
    {
        using var temp = new TempFolder();
        var error = Assert.Throws<RunStoreException>(() => RunStore.Open(temp.Path));
        Assert.Contains(temp.Path, error.Message);
    }

    [Fact]
    public void Opening_creates_missing_folders()
    {
        using var temp = new TempFolder();
        var path = Path.Combine(temp.Path, "a", "b", "runs.db");
        using var store = RunStore.Open(path);
        Assert.True(File.Exists(path));
        Assert.Equal(0, store.Count);
    }

    internal static void AssertSameRun(RunResult expected, RunResult actual)
    {
        Assert.Equal(expected.Scenario, actual.Scenario);
        Assert.Equal(expected.Seed, actual.Seed);
        Assert.Equal(expected.Outcome, actual.Outcome);
        Assert.Equal(expected.StopReason, actual.StopReason);
        Assert.Equal(expected.EngineVersion, actual.EngineVersion);
        Assert.Equal(expected.Config, actual.Config);
        Assert.Equal(expected.Metrics.Keys, actual.Metrics.Keys);
        foreach (var (name, value) in expected.Metrics)
            Assert.True(BitEqual(value, actual.Metrics[name]), $"{name}: {value:R} came back as {actual.Metrics[name]:R}");
    }

    /// <summary>NaN is stored as JSON null, so any NaN equals any NaN; every other value must keep its bits (-0 included).</summary>
    static bool BitEqual(double x, double y) =>
        double.IsNaN(x) ? double.IsNaN(y) : BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y);
}
