using InterpLoop.Engine;

namespace InterpLoop.Hunt.Search;

/// <summary>
/// Runs of the hunt's scenario asked for together, so a backend may train them at once (worker processes, a Slurm
/// array job, a population-batched trainer). Results come back in request order; every request counts as a run.
/// </summary>
public delegate IReadOnlyList<RunResult> RunBatchSource(IReadOnlyList<RunRequest> requests);

/// <summary>Adapters between solo and batched run sources.</summary>
public static class RunBatches
{
    /// <summary>A batch as a loop over a solo source, in request order.</summary>
    public static RunBatchSource Solo(RunSource run) => requests => requests.Select(r => run(r.Assignments, r.Seed)).ToList();
}
