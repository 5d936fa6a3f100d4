namespace InterpLoop.Hunt;

/// <summary>
/// What a hunt concluded. Refuted / Witnessed: a counterexample (always) or witness (sometimes) that reproduced
/// on fresh seeds. Fragile: one was found but did not reproduce often enough. NoCounterexample / NoWitness: the
/// budget ran out without one, which is evidence, not proof.
/// </summary>
public enum HuntVerdict { Refuted, Witnessed, Fragile, NoCounterexample, NoWitness }

public static class HuntVerdicts
{
    public static string Text(HuntVerdict v) => v switch
    {
        HuntVerdict.Refuted => "refuted",
        HuntVerdict.Witnessed => "witnessed",
        HuntVerdict.Fragile => "fragile",
        HuntVerdict.NoCounterexample => "no_counterexample",
        _ => "no_witness",
    };

    /// <summary>The verdict <see cref="Text"/> wrote (as `hunt --json` reports it), or null for any other text.</summary>
    public static HuntVerdict? Parse(string text) =>
        Enum.GetValues<HuntVerdict>().Select(v => (HuntVerdict?)v).FirstOrDefault(v => Text(v!.Value) == text);
}
