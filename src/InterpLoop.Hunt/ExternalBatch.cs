using InterpLoop.Engine;

namespace InterpLoop.Hunt;

/// <summary>
/// A batch trained outside this process (Slurm array tasks, local worker processes): the requests the run store has
/// come from it; the others, each key once, go to the backend, which puts their runs into the store (by merging its
/// shard stores); then they are read back from the store. So the results are the store's, as the in-process backend's are.
/// </summary>
public static class ExternalBatch
{
    /// <param name="train">Trains the runs the store lacks (each key once) and leaves them in the store.</param>
    /// <param name="notMerged">The error for a run still missing afterwards, from its key.</param>
    /// <param name="fromStore">Hears of each request the store already had.</param>
    public static IReadOnlyList<RunResult> Run(IScenario scenario, RunStore store, IReadOnlyList<RunRequest> requests,
        Action<IReadOnlyList<RunRequest>> train, Func<string, Exception> notMerged, Action<RunResult>? fromStore = null)
    {
        var results = new RunResult?[requests.Count];
        var missing = new List<int>();
        var keys = new HashSet<string>();
        var toTrain = new List<RunRequest>();
        for (int i = 0; i < requests.Count; i++)
        {
            if (store.TryGet(scenario, requests[i].Assignments, requests[i].Seed, out var stored))
            {
                results[i] = stored;
                fromStore?.Invoke(stored);
                continue;
            }
            missing.Add(i);
            if (keys.Add(store.KeyOf(scenario, requests[i].Assignments, requests[i].Seed))) toTrain.Add(requests[i]);
        }
        if (toTrain.Count > 0) train(toTrain);
        foreach (var i in missing)
            results[i] = store.TryGet(scenario, requests[i].Assignments, requests[i].Seed, out var r) ? r
                : throw notMerged(store.KeyOf(scenario, requests[i].Assignments, requests[i].Seed));
        return results!;
    }
}
