using InterpLoop.Cli;
using InterpLoop.Engine;
using InterpLoop.Hunt;
using InterpLoop.Hunt.Search;
using InterpLoop.Hunt.Slurm;
using InterpLoop.Spec.Catalog;

namespace InterpLoop.Properties.Hunt.Slurm;

/// <summary>
/// The coordinator against a fake Slurm over the instant landscape scenario: a batch's runs all reach the run store (and only the task logs stay in its folder),
/// a failed or cancelled task is retried and keeps its finished runs (none is trained twice), a corrupt shard store is
/// reported by name and recomputed, and a coordinator started again polls the job it submitted instead of resubmitting.
/// </summary>
public class SlurmCoordinatorTests
{
    static IReadOnlyList<RunRequest> Requests(int n) => Enumerable.Range(0, n)
        .Select(i => new RunRequest(new Dictionary<string, ParameterValue> { ["a"] = ParameterValue.Of(i % 7), ["n"] = ParameterValue.Of(1 + i / 7) }, i % 3)).ToList();

    static SlurmOptions Options(TempFolder temp, int arraySize = 3, int retries = 2) =>
        new() { ArraySize = arraySize, Retries = retries, Folder = temp.File("slurm"), PollInterval = TimeSpan.Zero };

    [Fact]
    public void Every_run_of_a_batch_reaches_the_store_in_request_order_and_only_task_logs_stay()
    {
        using var temp = new TempFolder();
        var scenario = new LandscapeScenario();
        var slurm = new FakeSlurm(scenario);
        using var store = RunStore.Open(temp.File("runs.db"));
        var progress = new List<SlurmProgress>();
        var batches = new SlurmRunBatches(scenario, store, new SlurmCoordinator(slurm, Options(temp), null, new SyncProgress<SlurmProgress>(progress.Add), _ => { }));
        var requests = Requests(20);
        var results = batches.Run(requests);

        Assert.Equal(requests.Select(r => new LandscapeScenario().Run(r.Assignments, r.Seed).Metrics["m"]), results.Select(r => r.Metrics["m"]));
        Assert.Equal((20, 20, 0), (store.Count, batches.Trained, batches.FromStore));
        Assert.Equal(20, scenario.Runs);
        var job = Assert.Single(slurm.Submissions);
        Assert.Equal(new[] { 1, 2, 3 }, job.Tasks);
        Assert.Equal(new SlurmProgress("100", 3, 0, 0, 3, 0, 20, 20), progress[^1]);
        Assert.Empty(Directory.GetFiles(Assert.Single(Directory.GetDirectories(temp.File("slurm")))));

        // The same batch again comes from the store: no job.
        Assert.Equal(results.Select(r => r.Metrics["m"]), batches.Run(requests).Select(r => r.Metrics["m"]));
        Assert.Single(slurm.Submissions);
        Assert.Equal(20, batches.FromStore);
    }

    [Fact]
    public void A_failed_and_a_cancelled_task_are_retried_and_no_finished_run_is_trained_twice()
    {
        using var temp = new TempFolder();
        var scenario = new LandscapeScenario();
        var slurm = new FakeSlurm(scenario, (task, attempt) =>
            attempt > 1 ? FakeFate.Finish : task == 1 ? new FakeFate("FAILED", StopAfter: 2) : task == 2 ? new FakeFate("CANCELLED", StopAfter: 0) : FakeFate.Finish);
        using var store = RunStore.Open(temp.File("runs.db"));
        var warnings = new List<string>();
        var batches = new SlurmRunBatches(scenario, store, new SlurmCoordinator(slurm, Options(temp), warnings.Add, null, _ => { }));
        batches.Run(Requests(20));

        Assert.Equal(20, store.Count);
        Assert.Equal(20, scenario.Runs); // task 1's two finished runs were kept, not trained again
        Assert.Equal(2, slurm.Submissions.Count);
        Assert.Equal(new[] { 1, 2 }, slurm.Submissions[1].Tasks);
        Assert.Contains(warnings, w => w.StartsWith("task 1/3 of slurm job 100 failed with 2 of 7 runs done"));
        Assert.Contains(warnings, w => w.StartsWith("task 2/3 of slurm job 100 cancelled with 0 of 7 runs done"));
    }

    [Fact]
    public void A_task_that_fails_every_attempt_stops_the_batch_with_its_log_and_kept_runs_named()
    {
        using var temp = new TempFolder();
        var scenario = new LandscapeScenario();
        var slurm = new FakeSlurm(scenario, (task, _) => task == 2 ? new FakeFate("FAILED", StopAfter: 1) : FakeFate.Finish);
        using var store = RunStore.Open(temp.File("runs.db"));
        var coordinator = new SlurmCoordinator(slurm, Options(temp, retries: 1), null, null, _ => { });
        var e = Assert.Throws<SlurmException>(() => new SlurmRunBatches(scenario, store, coordinator).Run(Requests(20)));
        Assert.Contains("task 2/3 of slurm job 101 failed without finishing its runs on all 2 attempt(s) (1 of 7 runs done)", e.Message);
        Assert.Contains("task-2.101.out", e.Message);
        Assert.Contains("--retries", e.Message);
        Assert.Equal(0, store.Count); // nothing is merged until every shard is complete
    }

    [Fact]
    public void A_corrupt_shard_store_is_reported_by_name_and_its_runs_are_recomputed()
    {
        using var temp = new TempFolder();
        var scenario = new LandscapeScenario();
        var slurm = new FakeSlurm(scenario, (task, attempt) => task == 3 && attempt == 1 ? new FakeFate("COMPLETED", Corrupt: true) : FakeFate.Finish);
        using var store = RunStore.Open(temp.File("runs.db"));
        var warnings = new List<string>();
        new SlurmRunBatches(scenario, store, new SlurmCoordinator(slurm, Options(temp), warnings.Add, null, _ => { })).Run(Requests(20));

        var warning = Assert.Single(warnings);
        Assert.Contains("shard-3.db", warning);
        Assert.Contains("corrupt", warning);
        Assert.EndsWith("task 3/3's runs are recomputed", warning);
        Assert.Equal(new[] { 3 }, slurm.Submissions[1].Tasks);
        Assert.Equal(20, store.Count);
        Assert.Equal(20 + 6, scenario.Runs); // shard 3 (6 runs) trained twice: its first store was unusable
    }

    [Fact]
    public void A_restarted_coordinator_polls_the_job_it_submitted_instead_of_resubmitting()
    {
        using var temp = new TempFolder();
        var scenario = new LandscapeScenario();
        var slurm = new FakeSlurm(scenario);
        using var store = RunStore.Open(temp.File("runs.db"));
        using (var kill = new CancellationTokenSource())
        {
            // Killed right after its first poll: the job is submitted and its tasks pending.
            var first = new SlurmCoordinator(slurm, Options(temp), null, new SyncProgress<SlurmProgress>(_ => kill.Cancel()), _ => kill.Token.ThrowIfCancellationRequested());
            Assert.Throws<OperationCanceledException>(() => new SlurmRunBatches(scenario, store, first, kill.Token).Run(Requests(20)));
        }
        Assert.Single(slurm.Submissions);
        Assert.Equal(0, store.Count);

        new SlurmRunBatches(scenario, store, new SlurmCoordinator(slurm, Options(temp), null, null, _ => { })).Run(Requests(20));
        Assert.Single(slurm.Submissions);
        Assert.Equal((20, 20), (store.Count, scenario.Runs));
    }

    [Fact]
    public void A_restarted_coordinator_merges_finished_shards_without_rerunning_them()
    {
        using var temp = new TempFolder();
        var scenario = new LandscapeScenario();
        var requests = Requests(20);
        using var store = RunStore.Open(temp.File("runs.db"));
        // An earlier coordinator's job finished all its tasks, and then the coordinator and Slurm forgot it (state lost).
        var earlier = new FakeSlurm(scenario);
        using (var kill = new CancellationTokenSource())
        {
            int polls = 0;
            var first = new SlurmCoordinator(earlier, Options(temp), null, null, _ => { if (++polls == 2) kill.Cancel(); kill.Token.ThrowIfCancellationRequested(); });
            Assert.ThrowsAny<OperationCanceledException>(() => new SlurmRunBatches(scenario, store, first, kill.Token).Run(requests));
        }
        foreach (var state in Directory.GetFiles(temp.File("slurm"), "state.json", SearchOption.AllDirectories)) File.Delete(state);
        int trained = scenario.Runs;

        var fresh = new FakeSlurm(scenario);
        new SlurmRunBatches(scenario, store, new SlurmCoordinator(fresh, Options(temp), null, null, _ => { })).Run(requests);
        Assert.Empty(fresh.Submissions);
        Assert.Equal(trained, scenario.Runs);
        Assert.Equal(20, store.Count);
    }
}
