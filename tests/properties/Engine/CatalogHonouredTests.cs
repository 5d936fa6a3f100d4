using InterpLoop.Engine;
using InterpLoop.Engine.RewardHacking;
using InterpLoop.Spec.Catalog;

namespace InterpLoop.Properties.Engine;

/// <summary>
/// The engine honours every catalog entry: moving any knob with an alternative value changes the run
/// (its metrics, or for the outcome thresholds, the classification rule recorded with the result).
/// </summary>
public class CatalogHonouredTests
{
    static readonly RewardHackingScenario Scenario = new();
    static readonly Lazy<RunResult> Baseline = new(() => Scenario.Run(SmallRuns.Config, 11));

    public static IEnumerable<object[]> Knobs =>
        RewardHackingCatalog.Catalog.Parameters.Where(p => Alternative(p) is not null).Select(p => new object[] { p.Name });

    [Theory, MemberData(nameof(Knobs))]
    public void Changing_a_knob_changes_the_run(string name)
    {
        var info = RewardHackingCatalog.Catalog.FindParameter(name)!;
        var value = Alternative(info)!.Value;
        var config = SmallConfigWith(name, value);
        var result = Scenario.Run(config, 11);

        Assert.Equal(value.ToString(), result.Config.Single(kv => kv.Key == name).Value);
        if (name.StartsWith("outcome.", StringComparison.Ordinal))
        {
            // Thresholds change only the classification: same training, outcome from the new rule.
            Assert.Equal(Baseline.Value.Metrics, result.Metrics);
            var m = result.Metrics;
            Assert.Equal(OutcomeClassifier.Classify(m["visible_pass_rate"], m["hack_rate"], m["probe.recall_original"],
                m["probe.recall_final"], config.Thresholds), result.Outcome);
        }
        else
        {
            Assert.True(result.Metrics.Any(kv => !Same(kv.Value, Baseline.Value.Metrics[kv.Key])),
                $"setting {name} = {value} left every metric unchanged");
        }
    }

    static RewardHackingConfig SmallConfigWith(string name, ParameterValue value)
    {
        // Start from the small config's values, then apply the one change through the catalog binding.
        var assignments = RewardHackingCatalog.Catalog.Parameters.ToDictionary(p => p.Name, p => RewardHackingConfigBinding.Get(SmallRuns.Config, p.Name));
        assignments[name] = value;
        return RewardHackingConfigBinding.Bind(assignments);
    }

    /// <summary>A value in the domain other than the small config's, or null when the domain has only one.</summary>
    static ParameterValue? Alternative(ParameterInfo p)
    {
        var current = RewardHackingConfigBinding.Get(SmallRuns.Config, p.Name);
        if (p.Kind == ParameterKind.Choice)
            return p.Choices.Where(c => c != current.Symbol).Select(ParameterValue.Of).Cast<ParameterValue?>().FirstOrDefault();
        double x = current.Number;
        double candidate = p.Kind == ParameterKind.Integer
            ? (x + 1 <= p.Max ? x + 1 : x - 1)
            : (x * 1.5 <= p.Max && x > 0 ? x * 1.5 : (x + p.Min) / 2);
        return p.Contains(ParameterValue.Of(candidate)) && candidate != x ? ParameterValue.Of(candidate) : null;
    }

    static bool Same(double a, double b) => a.Equals(b);
}
