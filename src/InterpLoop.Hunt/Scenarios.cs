using InterpLoop.Engine;
using InterpLoop.Engine.RewardHacking;

namespace InterpLoop.Hunt;

/// <summary>The scenario families InterpLoop knows, by name. The hunt and the CLI reach a family only through here.</summary>
public static class Scenarios
{
    public static readonly IReadOnlyList<IScenario> All = new IScenario[] { new RewardHackingScenario() };

    public static IScenario? Find(string name) => All.FirstOrDefault(s => s.Catalog.Name == name);
}
