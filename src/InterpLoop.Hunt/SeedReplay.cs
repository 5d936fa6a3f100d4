using InterpLoop.Engine;

namespace InterpLoop.Hunt;

/// <summary>A seed replayed (with run B's result for a paired finding): it reproduces when the outcome is the same and every recorded metric is within <see cref="MetricTolerance"/>.</summary>
public sealed record SeedReplay(long Seed, string RecordedOutcome, RunResult Result, IReadOnlyList<ReplayChange> Changes, RunResult? ResultB = null)
{
    public bool Reproduces => Changes.Count == 0;
}
