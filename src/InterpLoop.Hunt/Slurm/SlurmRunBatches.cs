using InterpLoop.Engine;
using InterpLoop.Hunt.Search;

namespace InterpLoop.Hunt.Slurm;

/// <summary>
/// The Slurm backend's batches: requests the run store already has come from it; the rest become one plan, run as one
/// array job by the <see cref="SlurmCoordinator"/> and merged into the store, from which every result is then read.
/// So the results, and everything the hunt or atlas does with them, equal the local backend's.
/// </summary>
public sealed class SlurmRunBatches(IScenario scenario, RunStore store, SlurmCoordinator coordinator, CancellationToken cancellation = default)
{
    /// <summary>Requests answered by the run store before planning.</summary>
    public int FromStore { get; private set; }

    /// <summary>Runs the array jobs trained (merged into the store).</summary>
    public int Trained { get; private set; }

    public IReadOnlyList<RunResult> Run(IReadOnlyList<RunRequest> requests)
    {
        var results = new RunResult?[requests.Count];
        var missing = new List<int>();
        for (int i = 0; i < requests.Count; i++)
        {
            if (store.TryGet(scenario, requests[i].Assignments, requests[i].Seed, out var stored)) { results[i] = stored; FromStore++; }
            else missing.Add(i);
        }
        if (missing.Count > 0)
        {
            var plan = RunPlan.For(scenario, store, missing.Select(i => requests[i]));
            var merge = coordinator.Run(plan, store, cancellation);
            Trained += merge.Merged;
            foreach (var i in missing)
                results[i] = store.TryGet(scenario, requests[i].Assignments, requests[i].Seed, out var r) ? r
                    : throw new SlurmException($"the array job finished but run {store.KeyOf(scenario, requests[i].Assignments, requests[i].Seed)} is not in {store.FilePath} after merging");
        }
        return results!;
    }

    public RunBatchSource Source => Run;
}
