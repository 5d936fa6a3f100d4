namespace InterpLoop.Hunt;

/// <summary>
/// One seed of a finding as it was recorded: the outcome, whether the claim failed on it (for a counterexample)
/// or held (for a witness), and every metric, which replay compares. <see cref="Fresh"/>: a seed the hunt re-ran
/// the finished counterexample on (the reproduction rate counts only these; the search chose the others).
/// <see cref="B"/>: for a paired claim, run B of the same seed (this record is run A).
/// </summary>
public sealed record FindingRun(long Seed, string Outcome, bool Reproduces, IReadOnlyDictionary<string, double> Metrics, string? StopReason = null,
    bool Fresh = true, FindingRun? B = null);
