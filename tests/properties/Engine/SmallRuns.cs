using InterpLoop.Engine.RewardHacking;

namespace InterpLoop.Properties.Engine;

/// <summary>Scenario sizes small enough for properties that train many times (about a second per run).</summary>
internal static class SmallRuns
{
    public static readonly RewardHackingConfig Config = new()
    {
        ReferenceSteps = 100,
        Steps = 20,
        EvalProblems = 128,
        Hidden = 16,
    };
}
