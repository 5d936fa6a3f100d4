using InterpLoop.Spec.Catalog;

namespace InterpLoop.Engine;

/// <summary>
/// A scenario family as the rest of InterpLoop sees it: a catalog of named parameters and metrics, and a
/// run from assignments and a seed to metrics. Adding a family means implementing this, nothing else.
/// </summary>
public interface IScenario
{
    ScenarioCatalog Catalog { get; }

    /// <summary>
    /// Trains and evaluates one configuration. <paramref name="assignments"/> override the catalog
    /// defaults; they must already be valid (see <see cref="ConfigAssignments.Validate"/>). Never throws
    /// for numerical trouble: a diverging run is a <c>degenerate</c> result with a stop reason.
    /// </summary>
    RunResult Run(IReadOnlyDictionary<string, ParameterValue> assignments, long seed,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default);

    /// <summary>
    /// <see cref="Run"/>, reusing work that many configurations share (reward_hacking's reference model and
    /// fitted probe) from <paramref name="store"/> and saving what it computes there, so another process can
    /// reuse it too. The metrics are those <see cref="Run"/> gives. A family with nothing to share need not
    /// implement it.
    /// </summary>
    RunResult RunReusing(IReadOnlyDictionary<string, ParameterValue> assignments, long seed, IPreludeStore? store,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default) =>
        Run(assignments, seed, progress, cancellation);

    /// <summary>
    /// Every run of <paramref name="runs"/>, results in their order, each with the metrics <see cref="RunReusing"/>
    /// gives it. A family may train runs that share their shapes together (reward_hacking trains them as one batched
    /// population); the default runs them one after another. <paramref name="finished"/> hears of each run (by its
    /// index in <paramref name="runs"/>) as soon as it is finished, so a caller can store it before the batch ends.
    /// </summary>
    IReadOnlyList<RunResult> RunBatch(IReadOnlyList<RunRequest> runs, IPreludeStore? store,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default, Action<int, RunResult>? finished = null) =>
        runs.Select((r, i) =>
        {
            var result = RunReusing(r.Assignments, r.Seed, store, progress, cancellation);
            finished?.Invoke(i, result);
            return result;
        }).ToList();
}
