using InterpLoop.Engine;
using InterpLoop.Engine.RewardHacking;

namespace InterpLoop.Hunt;

/// <summary>
/// The scenario families InterpLoop knows, by name. The hunt and the CLI reach a family only through here.
/// Each call makes new instances: a scenario owns its caches (reward_hacking's preludes), so no state is
/// shared through this class.
/// </summary>
public static class Scenarios
{
    static readonly Func<IScenario>[] Families = { () => new RewardHackingScenario() };

    public static IReadOnlyList<IScenario> All => Families.Select(make => make()).ToList();

    public static IScenario? Find(string name) => All.FirstOrDefault(s => s.Catalog.Name == name);
}
