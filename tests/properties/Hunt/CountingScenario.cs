using InterpLoop.Engine;
using InterpLoop.Hunt;
using InterpLoop.Spec.Catalog;

namespace InterpLoop.Properties.Hunt;

/// <summary>
/// A scenario family of its own (not registered), instant to run, that counts its runs: a cache hit is a
/// lookup that leaves <see cref="Runs"/> unchanged. Its metrics include values that a careless JSON
/// round trip would change: NaN, negative zero, infinities, subnormals and doubles with 17 digits.
/// </summary>
internal sealed class CountingScenario : IScenario
{
    public static readonly ScenarioCatalog FakeCatalog = new("counting_fake", "a fake family for run-store tests",
        new[]
        {
            ParameterInfo.Real("x", 0, 10, 1, "", "a real knob"),
            ParameterInfo.Integer("n", 0, 100, 5, "", "an integer knob"),
            ParameterInfo.Choice("mode", new[] { "plain", "fancy" }, "plain", "a choice knob"),
        },
        new[] { new MetricInfo("m", "a metric", "any") });

    int runs;

    public int Runs => runs;

    public ScenarioCatalog Catalog => FakeCatalog;

    public RunResult Run(IReadOnlyDictionary<string, ParameterValue> assignments, long seed,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        Interlocked.Increment(ref runs);
        double x = assignments.TryGetValue("x", out var v) ? v.Number : 1;
        var metrics = new Dictionary<string, double>
        {
            ["m"] = x / 3 + seed * 0.1,
            ["third"] = 1.0 / 3,
            ["sum"] = 0.1 + 0.2,
            ["nan"] = double.NaN,
            ["negative_zero"] = -0.0,
            ["tiny"] = double.Epsilon,
            ["huge"] = double.MaxValue,
            ["plus_infinity"] = double.PositiveInfinity,
            ["minus_infinity"] = double.NegativeInfinity,
        };
        return new RunResult(FakeCatalog.Name, ScenarioConfigurations.FromCatalog(FakeCatalog, assignments), seed, metrics,
            x > 5 ? "blatant" : "honest", null, EngineVersion.Current);
    }
}
