using InterpLoop.Engine;
using InterpLoop.Spec.Catalog;

namespace InterpLoop.Properties.Hunt;

/// <summary>The fake family whose runs die part-way (as a killed or cancelled run does) for seeds listed in <see cref="Dying"/>.</summary>
internal sealed class FailingScenario : IScenario
{
    readonly CountingScenario inner = new();

    public HashSet<long> Dying { get; } = new();

    public ScenarioCatalog Catalog => inner.Catalog;

    public RunResult Run(IReadOnlyDictionary<string, ParameterValue> assignments, long seed,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        if (Dying.Contains(seed)) throw new OperationCanceledException("the run was interrupted");
        return inner.Run(assignments, seed, progress, cancellation);
    }
}
