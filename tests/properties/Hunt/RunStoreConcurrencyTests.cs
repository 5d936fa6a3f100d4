using InterpLoop.Hunt;
using InterpLoop.Spec.Catalog;

namespace InterpLoop.Properties.Hunt;

/// <summary>The store under interruption and concurrent use: an unfinished run leaves nothing behind, and parallel writers lose nothing.</summary>
public class RunStoreConcurrencyTests
{
    static readonly Dictionary<string, ParameterValue> NoAssignments = new();

    [Fact]
    public void An_interrupted_run_stores_nothing_and_the_finished_ones_stay()
    {
        using var temp = new TempFolder();
        var scenario = new FailingScenario();
        scenario.Dying.Add(2);
        using (var store = RunStore.Open(temp.File("runs.db")))
        {
            store.GetOrRun(scenario, NoAssignments, 0);
            store.GetOrRun(scenario, NoAssignments, 1);
            Assert.Throws<OperationCanceledException>(() => store.GetOrRun(scenario, NoAssignments, 2));
        }
        using var resumed = RunStore.Open(temp.File("runs.db"));
        Assert.Equal(2, resumed.Count);
        Assert.False(resumed.TryGet(scenario, NoAssignments, 2, out _));
        scenario.Dying.Clear();
        resumed.GetOrRun(scenario, NoAssignments, 2);
        Assert.Equal((0, 1), (resumed.Hits, resumed.Misses));
        Assert.Equal(3, resumed.Count);
    }

    [Fact]
    public void Two_stores_writing_the_same_file_in_parallel_lose_no_run()
    {
        using var temp = new TempFolder();
        var scenario = new CountingScenario();
        using var a = RunStore.Open(temp.File("runs.db"));
        using var b = RunStore.Open(temp.File("runs.db"));
        Parallel.For(0, 40, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
            (i % 2 == 0 ? a : b).GetOrRun(scenario, NoAssignments, i / 2));
        // Seeds 0..19, each asked for by both stores: 20 distinct runs, each stored once.
        Assert.Equal(20, a.Count);
        for (long seed = 0; seed < 20; seed++) Assert.True(b.TryGet(scenario, NoAssignments, seed, out _));
    }
}
