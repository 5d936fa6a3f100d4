using FsCheck;
using FsCheck.Fluent;
using InterpLoop.Engine;
using InterpLoop.Engine.RewardHacking;
using InterpLoop.Hunt;
using InterpLoop.Hunt.Workers;

namespace InterpLoop.Properties.Hunt.Workers;

/// <summary>
/// The local backend on several cores: how a batch is split into shares, and real `interploop worker` processes
/// training tiny runs: the results equal the in-process ones bit for bit, workers read the preludes the store has,
/// an interrupted batch keeps its finished runs, and a worker that fails is named with its exit code and last line
/// while the other worker's finished runs are kept in the store.
/// </summary>
public class ParallelRunBatchesTests
{
    static RunRequest Tiny(double alpha, long seed) => new(TinyRuns.Assignments($"penalty.weight={alpha}"), seed);

    /// <summary>This build's `interploop` (the test output holds interploop.dll), started by the dotnet host as the CLI does.</summary>
    static string[] Interploop()
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h : "dotnet";
        return new[] { dotnet, Path.Combine(AppContext.BaseDirectory, "interploop.dll") };
    }

    [FsCheck.Xunit.Property(MaxTest = 200)]
    public Property Shares_cover_every_run_once_differ_in_size_by_at_most_one_and_are_contiguous_in_seed_order()
    {
        var gen = from seeds in Gen.Choose(0, 5).ListOf()
                  from jobs in Gen.Choose(1, 6)
                  select (seeds, jobs);
        return Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var runs = t.seeds.Select(s => new RunRequest(new Dictionary<string, InterpLoop.Spec.Catalog.ParameterValue>(), s)).ToList();
            var shares = ParallelRunBatches.Shares(runs, t.jobs);
            var all = shares.SelectMany(s => s).ToList();
            var sizes = shares.Select(s => s.Count).ToList();
            var seedOrder = Enumerable.Range(0, runs.Count).OrderBy(i => runs[i].Seed).ThenBy(i => i);
            return shares.Count == Math.Min(t.jobs, runs.Count)
                && all.SequenceEqual(seedOrder)                                   // every run once, in seed order, share after share
                && (sizes.Count == 0 || sizes.Max() - sizes.Min() <= 1)
                && sizes.All(n => n >= 1);
        });
    }

    [Fact]
    public void Two_workers_give_the_in_process_results_bit_for_bit_and_the_store_keeps_them()
    {
        using var temp = new TempFolder();
        var requests = new[] { Tiny(0, 0), Tiny(1, 0), Tiny(3, 1), Tiny(10, 1), Tiny(1, 0) }; // the last repeats the second
        var scenario = new RewardHackingScenario();
        var alone = requests.Select(r => scenario.Run(r.Assignments, r.Seed)).ToList();

        using var store = RunStore.Open(temp.File("runs.db"));
        int heard = 0;
        using var batches = new ParallelRunBatches(scenario, store, new WorkerOptions { Jobs = 2, Worker = Interploop() }, default, n => Interlocked.Add(ref heard, n));
        var results = batches.Run(requests);

        Assert.Equal(alone.Select(r => (r.Metrics, r.Outcome, r.StopReason)), results.Select(r => (r.Metrics, r.Outcome, r.StopReason)));
        Assert.Equal((0, 4, 4), (batches.FromStore, batches.Trained, store.Count));
        Assert.Equal(4, heard); // the workers' progress lines, one per run
        Assert.False(Directory.Exists(temp.File("workers")) && Directory.EnumerateFileSystemEntries(temp.File("workers")).Any(), "the merged batch's folder is left behind");

        var again = batches.Run(requests);
        Assert.Equal((5, 4), (batches.FromStore, batches.Trained));
        Assert.Equal(results.Select(r => r.Metrics), again.Select(r => r.Metrics));
    }

    [Fact]
    public void Workers_read_the_preludes_the_run_store_has_and_compute_only_the_others()
    {
        using var temp = new TempFolder();
        var scenario = new RewardHackingScenario();
        using var store = RunStore.Open(temp.File("runs.db"));
        store.GetOrRun(scenario, Tiny(0, 0).Assignments, 0); // leaves seed 0's prelude in the store
        Assert.Equal(1, store.PreludeCount);

        // Shares by seed: worker 1 has seed 0's runs (its prelude is stored), worker 2 seed 1's (it is not).
        using var batches = new ParallelRunBatches(scenario, store, new WorkerOptions { Jobs = 2, Worker = Interploop() });
        var results = batches.Run(new[] { Tiny(1, 0), Tiny(3, 0), Tiny(1, 1), Tiny(3, 1) });
        Assert.Equal(1, batches.PreludesComputed);
        Assert.Equal(2, store.PreludeCount);
        var alone = new RewardHackingScenario();
        Assert.Equal(alone.Run(Tiny(3, 0).Assignments, 0).Metrics, results[1].Metrics);
    }

    [Fact]
    public void An_interrupted_batch_keeps_the_runs_its_workers_finished_and_the_same_batch_trains_only_the_rest()
    {
        using var temp = new TempFolder();
        var requests = Enumerable.Range(0, 8).Select(i => Tiny(i, i % 2)).ToList();
        using var store = RunStore.Open(temp.File("runs.db"));
        using var cancel = new CancellationTokenSource();
        // Interrupted as soon as a worker says a run is stored.
        using (var batches = new ParallelRunBatches(new RewardHackingScenario(), store, new WorkerOptions { Jobs = 2, Worker = Interploop() }, cancel.Token, _ => cancel.Cancel()))
            Assert.ThrowsAny<OperationCanceledException>(() => batches.Run(requests));
        int kept = store.Count;
        Assert.InRange(kept, 1, 8);
        Assert.False(Directory.Exists(temp.File("workers")) && Directory.EnumerateFileSystemEntries(temp.File("workers")).Any(), "the interrupted batch's folder is left behind");

        using var again = new ParallelRunBatches(new RewardHackingScenario(), store, new WorkerOptions { Jobs = 2, Worker = Interploop() });
        again.Run(requests);
        Assert.Equal((kept, 8 - kept, 8), (again.FromStore, again.Trained, store.Count));
    }

    [Fact]
    public void A_failing_worker_is_named_with_its_exit_code_and_last_line_and_the_other_workers_runs_are_kept()
    {
        using var temp = new TempFolder();
        var requests = new[] { Tiny(0, 0), Tiny(1, 0), Tiny(3, 1), Tiny(10, 1) };
        // Worker 2 (the share of seed 1) fails at once; worker 1 is the real `interploop worker`.
        var real = string.Join(" ", Interploop().Select(a => "'" + a + "'"));
        string[] worker = { "/bin/sh", "-c", $"case \"$3\" in *plan-2.json) echo 'worker 2: out of memory' >&2; exit 3;; esac; exec {real} \"$@\"", "sh" };
        using var store = RunStore.Open(temp.File("runs.db"));
        using var batches = new ParallelRunBatches(new RewardHackingScenario(), store, new WorkerOptions { Jobs = 2, Worker = worker });

        var e = Assert.Throws<WorkerException>(() => batches.Run(requests));
        Assert.Contains("worker 2/2 (2 runs, plan ", e.Message);
        Assert.Contains("exited with code 3: worker 2: out of memory", e.Message);
        Assert.Contains($"kept in {store.FilePath}", e.Message);
        var scenario = new RewardHackingScenario();
        Assert.True(store.TryGet(scenario, requests[0].Assignments, 0, out _), "worker 1's runs were not merged");
        Assert.True(store.TryGet(scenario, requests[1].Assignments, 0, out _), "worker 1's runs were not merged");
        Assert.Equal(2, store.Count);
    }

    [Fact]
    public void Without_a_run_store_a_failing_workers_log_and_the_kept_runs_stay_where_its_error_says()
    {
        var requests = new[] { Tiny(0, 0), Tiny(3, 1) };
        string[] worker = { "/bin/sh", "-c", "case \"$3\" in *plan-2.json) echo 'worker 2: out of memory' >&2; exit 3;; esac; exit 0", "sh" };
        string message;
        using (var batches = new ParallelRunBatches(new RewardHackingScenario(), null, new WorkerOptions { Jobs = 2, Worker = worker }))
            message = Assert.Throws<WorkerException>(() => batches.Run(requests)).Message;
        var log = System.Text.RegularExpressions.Regex.Match(message, @"its log is (\S+);").Groups[1].Value;
        var kept = System.Text.RegularExpressions.Regex.Match(message, @"kept in (\S+)\)").Groups[1].Value;
        try
        {
            Assert.True(File.Exists(log), $"the error names {log}, which is gone");
            Assert.Contains("out of memory", File.ReadAllText(log));
            Assert.True(File.Exists(kept), $"the error names {kept}, which is gone");
        }
        finally { Directory.Delete(Path.GetDirectoryName(kept)!, recursive: true); }
    }
}
