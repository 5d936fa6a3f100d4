namespace InterpLoop.Engine;

/// <summary>
/// The result of one run: every knob's value (defaults included), the seed, every metric by its catalog
/// name, the outcome, and why training stopped early if it did. Metrics may be NaN where undefined
/// (e.g. recall when no response hacks).
/// </summary>
public sealed record RunResult(
    string Scenario,
    IReadOnlyList<KeyValuePair<string, string>> Config,
    long Seed,
    IReadOnlyDictionary<string, double> Metrics,
    string Outcome,
    string? StopReason,
    string EngineVersion);
