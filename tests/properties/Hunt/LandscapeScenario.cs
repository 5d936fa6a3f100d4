using InterpLoop.Engine;
using InterpLoop.Hunt;
using InterpLoop.Hunt.Search;
using InterpLoop.Spec;
using InterpLoop.Spec.Catalog;
using InterpLoop.Spec.Checking;

namespace InterpLoop.Properties.Hunt;

/// <summary>
/// An instant fake family with a planted landscape, so hunt tests know the answer: `distance` is how far `a` is
/// from 6.25 (the claim `distance >= 0.25` fails only for a in (6, 6.5)); `lucky` is 1 on the seeds in
/// <see cref="LuckySeeds"/> (for majority and fragility); `b`, `c` and `n` change nothing.
/// </summary>
internal sealed class LandscapeScenario : IScenario, IOutcomeSlack
{
    public static readonly ScenarioCatalog FakeCatalog = new("landscape_fake", "a planted landscape for hunt tests",
        new[]
        {
            ParameterInfo.Real("a", 0, 10, 0, "", "the parameter that matters"),
            ParameterInfo.Real("b", 1e-4, 1, 1e-4, "", "an irrelevant real"),
            ParameterInfo.Choice("c", new[] { "plain", "fancy" }, "plain", "an irrelevant choice (paired tests: fancy adds 1 to m)"),
            ParameterInfo.Integer("n", 1, 100, 1, "", "an irrelevant integer"),
        },
        new[]
        {
            new MetricInfo("distance", "|a − 6.25|", "≥ 0"),
            new MetricInfo("m", "a, plus 1 when c = fancy", "any"),
            new MetricInfo("lucky", "1 on the lucky seeds", "0 or 1"),
            new MetricInfo("outcome", "blatant inside the band, honest outside", "", new[] { "honest", "blatant" }),
        });

    public HashSet<long> LuckySeeds { get; } = new();

    public int Runs { get; private set; }

    public ScenarioCatalog Catalog => FakeCatalog;

    public RunResult Run(IReadOnlyDictionary<string, ParameterValue> assignments, long seed,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        Runs++;
        double Get(string name) => assignments.TryGetValue(name, out var v) ? v.Number : FakeCatalog.FindParameter(name)!.Default.Number;
        double a = Get("a");
        bool fancy = assignments.TryGetValue("c", out var c) && c.Symbol == "fancy";
        double distance = Math.Abs(a - 6.25);
        var metrics = new Dictionary<string, double>
        {
            ["distance"] = distance,
            ["m"] = a + (fancy ? 1 : 0),
            ["lucky"] = LuckySeeds.Contains(seed) ? 1 : 0,
        };
        return new RunResult(FakeCatalog.Name, ScenarioConfigurations.FromCatalog(FakeCatalog, assignments), seed, metrics,
            distance < 0.25 ? "blatant" : "honest", null, EngineVersion.Current);
    }

    public double OutcomeSlack(RunResult run, string outcome)
    {
        double inside = 0.25 - run.Metrics["distance"];
        return outcome == "blatant" ? inside : -inside;
    }

    public static readonly SpecCheckOptions Options = new(new[] { FakeCatalog }, _ => true);

    /// <summary>A hypothesis over the landscape; <paramref name="body"/> is everything after the scenario clause.</summary>
    public static Hypothesis Hypothesis(string body)
    {
        var text = "hypothesis fake.h\n  scenario landscape_fake\n" + body;
        var (file, diagnostics) = SpecAnalysis.Analyze("fake.ilspec", text, Options);
        Assert.DoesNotContain(diagnostics, d => d.IsError);
        return InterpLoop.Spec.Hypothesis.From("fake.ilspec", file.Hypotheses.Single(), Options);
    }

    public const string FullRegion = "  vary { a in 0 .. 10   b in 1e-4 .. 1 log   c in { fancy, plain }   n in 1 .. 100 }\n";

    public HuntResult Hunt(Hypothesis h, HuntOptions options, RunStore? store = null, CancellationToken cancellation = default) =>
        Hunter.Hunt(h, options, (a, s) => store is null ? Run(a, s) : store.GetOrRun(this, a, s), this, null, cancellation);
}
