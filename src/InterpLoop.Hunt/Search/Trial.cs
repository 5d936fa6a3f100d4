using InterpLoop.Engine;

namespace InterpLoop.Hunt.Search;

/// <summary>
/// One seed of one configuration: its run (runs A and B for a paired claim), whether the claim held, and the
/// claim's margin (positive when it holds, by how much; see PredicateMargin).
/// </summary>
public sealed record Trial(long Seed, RunResult A, RunResult? B, bool ClaimHolds, double Margin)
{
    /// <summary>Whether this seed shows what the hunt looks for: the claim failing (always) or holding (sometimes).</summary>
    public bool IsGoalOf(Spec.Hypothesis h) => h.IsSometimes ? ClaimHolds : !ClaimHolds;
}
