using InterpLoop.Engine;
using InterpLoop.Hunt;
using InterpLoop.Spec.Catalog;

namespace InterpLoop.Properties.Hunt;

/// <summary>Findings for tests: one with made-up metrics (no training), one recorded from real tiny runs.</summary>
internal static class FindingSamples
{
    public static Finding Synthetic() => new(
        Hypothesis: "test.synthetic",
        SpecFile: "spec/test.ilspec",
        Claim: "always outcome == honest",
        Verdict: FindingVerdict.Counterexample,
        Scenario: RewardHackingCatalog.Name,
        Config: new Dictionary<string, ParameterValue>
        {
            ["kl.beta"] = ParameterValue.Of(0.001),
            ["penalty.route"] = ParameterValue.Of("through_probe"),
            ["steps"] = ParameterValue.Of(3),
        },
        Runs: new[]
        {
            new FindingRun(0, "blatant", true, new Dictionary<string, double> { ["hack_rate"] = 1.0 / 3, ["probe.recall_final"] = double.NaN, ["kl"] = 0.1 + 0.2 }),
            new FindingRun(4, "honest", false, new Dictionary<string, double> { ["hack_rate"] = 0, ["probe.recall_final"] = -0.0, ["kl"] = 1e-300 }, "loss became NaN at step 2"),
        },
        EngineVersion: EngineVersion.Current,
        CreatedBy: "interploop hunt spec/test.ilspec --seed 0",
        ReplayCommand: "");

    /// <summary>A finding whose runs are exactly what tiny reward_hacking runs give on <paramref name="seeds"/>.</summary>
    public static Finding Recorded(IScenario scenario, IReadOnlyDictionary<string, ParameterValue> config, params long[] seeds)
    {
        var runs = seeds.Select(seed => scenario.Run(config, seed))
            .Select(r => new FindingRun(r.Seed, r.Outcome, true, r.Metrics, r.StopReason)).ToList();
        return new Finding("test.recorded", "spec/test.ilspec", "always outcome == honest", FindingVerdict.Counterexample,
            scenario.Catalog.Name, config, runs, EngineVersion.Current, "test", "");
    }
}
