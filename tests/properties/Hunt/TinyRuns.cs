using InterpLoop.Engine;
using InterpLoop.Spec.Catalog;

namespace InterpLoop.Properties.Hunt;

/// <summary>reward_hacking at a size that trains in a fraction of a second: for tests of storage and replay, not of the science.</summary>
internal static class TinyRuns
{
    public static readonly string[] Sets = { "steps=3", "reference.steps=10", "eval.problems=16", "model.hidden=8" };

    public static Dictionary<string, ParameterValue> Assignments(params string[] more)
    {
        var (values, errors) = ConfigAssignments.Parse(RewardHackingCatalog.Catalog, Sets.Concat(more));
        Assert.Empty(errors);
        return values;
    }
}
