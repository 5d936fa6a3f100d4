using InterpLoop.Engine;
using InterpLoop.Hunt.Search;

namespace InterpLoop.Hunt;

/// <summary>
/// The local backend's batches: each request from the run store, or trained here, one after another. The one place
/// a batched local trainer (several runs at once in this process) would plug in behind <see cref="Run"/>.
/// </summary>
public sealed class LocalRunBatches(IScenario scenario, RunStore? store, CancellationToken cancellation = default)
{
    public IReadOnlyList<RunResult> Run(IReadOnlyList<RunRequest> requests) =>
        requests.Select(r =>
        {
            cancellation.ThrowIfCancellationRequested();
            return store is null ? scenario.Run(r.Assignments, r.Seed, null, cancellation) : store.GetOrRun(scenario, r.Assignments, r.Seed, null, cancellation);
        }).ToList();

    public RunBatchSource Source => Run;
}
