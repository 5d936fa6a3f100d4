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

    public IReadOnlyList<RunResult> Run(IReadOnlyList<RunRequest> requests) =>
        ExternalBatch.Run(scenario, store, requests,
            missing => Trained += coordinator.Run(RunPlan.For(scenario, store, missing), store, cancellation).Merged,
            key => new SlurmException($"the array job finished but run {key} is not in {store.FilePath} after merging"),
            _ => FromStore++);

    public RunBatchSource Source => Run;
}
