using InterpLoop.Engine.RewardHacking;
using InterpLoop.Engine;
using InterpLoop.Spec.Catalog;

namespace InterpLoop.Hunt;

/// <summary>
/// A run's full configuration (every knob, catalog order, canonical text) computed from its assignments
/// before running, so the run store can look a run up without training it. It must equal the
/// <see cref="RunResult.Config"/> the scenario reports; the store checks that on every miss.
/// </summary>
public static class ScenarioConfigurations
{
    /// <summary>
    /// Families whose engine binds assignments itself register here, so the key uses the engine's own
    /// view of the config; any other family gets catalog defaults overlaid by the assignments.
    /// </summary>
    static readonly Dictionary<string, Func<IReadOnlyDictionary<string, ParameterValue>, IReadOnlyList<KeyValuePair<string, string>>>> Describers = new()
    {
        [RewardHackingCatalog.Name] = assignments => RewardHackingConfigBinding.Describe(RewardHackingConfigBinding.Bind(assignments)),
    };

    /// <summary>The full configuration; assignments must be valid for the scenario's catalog.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Full(IScenario scenario, IReadOnlyDictionary<string, ParameterValue> assignments) =>
        Describers.TryGetValue(scenario.Catalog.Name, out var describe) ? describe(assignments) : FromCatalog(scenario.Catalog, assignments);

    public static IReadOnlyList<KeyValuePair<string, string>> FromCatalog(ScenarioCatalog catalog, IReadOnlyDictionary<string, ParameterValue> assignments) =>
        catalog.Parameters
            .Select(p => new KeyValuePair<string, string>(p.Name, (assignments.TryGetValue(p.Name, out var v) ? v : p.Default).ToString()))
            .ToList();
}
