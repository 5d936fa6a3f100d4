using InterpLoop.Engine;

namespace InterpLoop.Hunt.Slurm;

/// <summary>What a worker did with its shard: its runs, how many its shard store already had, how many it trained.</summary>
public sealed record ShardOutcome(int Runs, int FromStore, int Trained);

/// <summary>Progress of a worker: runs of its shard finished, of all.</summary>
public sealed record ShardProgress(int Done, int Runs, long Seed);

/// <summary>
/// One array task's share of a plan: every run of shard I/N, each from the task's own shard store or trained and
/// stored there (one transaction a run), so a retried task resumes where the failed one stopped. Run by run (a
/// cancelled Slurm task loses at most the run it was training), or <paramref name="batched"/> as one
/// <see cref="RunStore.GetOrRunBatch"/> (batched populations; an interrupted worker loses the population it was training).
/// Preludes come from <paramref name="preludes"/> when given (e.g. <see cref="Workers.FallbackPreludeStore"/>), else the shard store.
/// </summary>
public static class ShardWorker
{
    public static ShardOutcome Run(RunPlan plan, int shard, int shards, IScenario scenario, RunStore store,
        IProgress<ShardProgress>? progress = null, CancellationToken cancellation = default, bool batched = false, IPreludeStore? preludes = null)
    {
        if (plan.Scenario != scenario.Catalog.Name)
            throw new InvalidOperationException($"the plan is for scenario {plan.Scenario}, not {scenario.Catalog.Name}");
        if (plan.EngineVersion != store.EngineVersion)
            throw new InvalidOperationException($"the plan was made for engine {plan.EngineVersion} and this worker runs engine {store.EngineVersion}; " +
                "run the same InterpLoop build on the coordinator and the nodes");
        var runs = plan.Shard(shard, shards);
        int hitsBefore = store.Hits, done = 0;
        var requests = new List<RunRequest>();
        foreach (var run in runs)
        {
            var request = RunPlan.Request(scenario.Catalog, run);
            // The coordinator looks the run up by the plan's key: a worker that keyed it otherwise would be lost work.
            var key = store.KeyOf(scenario, request.Assignments, request.Seed);
            if (key != run.Key)
                throw new InvalidOperationException($"run {run.Key} of the plan keys as {key} here: the coordinator and this worker disagree about the configuration (another build?)");
            requests.Add(request);
        }
        if (batched)
        {
            progress?.Report(new ShardProgress(done, runs.Count, runs.Count > 0 ? runs[0].Seed : 0));
            store.GetOrRunBatch(scenario, requests, null, cancellation, r => progress?.Report(new ShardProgress(++done, runs.Count, r.Seed)), preludes);
        }
        else
            foreach (var request in requests)
            {
                cancellation.ThrowIfCancellationRequested();
                progress?.Report(new ShardProgress(done, runs.Count, request.Seed));
                store.GetOrRun(scenario, request.Assignments, request.Seed, null, cancellation, preludes);
                done++;
            }
        progress?.Report(new ShardProgress(done, runs.Count, runs.Count > 0 ? runs[^1].Seed : 0));
        int fromStore = store.Hits - hitsBefore;
        return new ShardOutcome(runs.Count, fromStore, runs.Count - fromStore);
    }
}
