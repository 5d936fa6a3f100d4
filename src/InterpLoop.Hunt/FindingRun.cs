namespace InterpLoop.Hunt;

/// <summary>
/// One seed of a finding as it was recorded: the outcome, whether the claim failed on it (for a
/// counterexample) or held (for a witness), and every metric, which replay compares.
/// </summary>
public sealed record FindingRun(long Seed, string Outcome, bool Reproduces, IReadOnlyDictionary<string, double> Metrics, string? StopReason = null);
