using InterpLoop.Engine;
using InterpLoop.Hunt.Search;

namespace InterpLoop.Hunt;

/// <summary>
/// The local backend's batches: the runs the store has come from it, and the rest are trained here by one
/// <see cref="IScenario.RunBatch"/> call, so reward_hacking trains the runs of one shape as one batched population
/// (each member's metrics are its solo run's, bit for bit) and each is stored as soon as it is measured.
/// </summary>
/// <param name="finished">Hears of each run of a batch as it finishes (from the store or trained), for progress.</param>
public sealed class LocalRunBatches(IScenario scenario, RunStore? store, CancellationToken cancellation = default, Action<RunResult>? finished = null)
{
    public IReadOnlyList<RunResult> Run(IReadOnlyList<RunRequest> requests)
    {
        cancellation.ThrowIfCancellationRequested();
        return store is null
            ? scenario.RunBatch(requests, null, null, cancellation, (_, result) => finished?.Invoke(result))
            : store.GetOrRunBatch(scenario, requests, null, cancellation, finished);
    }

    public RunBatchSource Source => Run;
}
