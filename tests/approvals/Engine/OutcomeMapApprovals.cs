using System.Globalization;
using System.Text;
using ApprovalTests;
using InterpLoop.Engine.RewardHacking;
using InterpLoop.Spec.Catalog;

namespace InterpLoop.Approvals.Engine;

/// <summary>
/// Pins, per seed, the outcome of the configurations where the literature says each non-degenerate outcome
/// should appear, at the default scenario size. An engine change that moves any of them fails here with a
/// readable diff. Metrics are rounded to two decimals: enough to see what moved, coarse enough that the
/// pinned text states results rather than floating-point noise.
/// </summary>
public class OutcomeMapApprovals
{
    static readonly RewardHackingLandmarks.Landmark[] Cases = RewardHackingLandmarks.All;
    static readonly long[] Seeds = RewardHackingLandmarks.Seeds;

    [Fact]
    public void The_four_outcomes_appear_where_the_literature_says()
    {
        var scenario = new RewardHackingScenario();
        var runs = Cases.SelectMany(c => Seeds.Select(seed => (c, seed))).ToArray();
        var results = new InterpLoop.Engine.RunResult[runs.Length];
        Parallel.For(0, runs.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            i => results[i] = scenario.Run(Parse(runs[i].c.Sets), runs[i].seed));

        var text = new StringBuilder();
        for (int i = 0; i < runs.Length; i++)
        {
            var (c, seed) = runs[i];
            if (seed == Seeds[0]) text.AppendLine().AppendLine($"## expect {c.Expect}: {string.Join(" ", c.Sets)}  ({c.Source})");
            var m = results[i].Metrics;
            string F(string k) => double.IsNaN(m[k]) ? "n/a" : m[k].ToString("F2", CultureInfo.InvariantCulture);
            text.AppendLine($"seed {seed}: {results[i].Outcome,-22} hack_rate {F("hack_rate")}  filler_rate {F("filler_rate")}  " +
                            $"recall_original {F("probe.recall_original")}  recall_final {F("probe.recall_final")}  " +
                            $"representation_change {F("representation_change")}  fresh_auroc {F("fresh_probe.auroc")}  kl {F("kl")}");
        }
        ApprovalTests.Approvals.Verify(text.ToString().TrimStart());

        // Beyond the pinned text, the claim itself: each outcome in at least two of three seeds.
        for (int k = 0; k < Cases.Length; k++)
        {
            int hits = Enumerable.Range(0, Seeds.Length).Count(s => results[k * Seeds.Length + s].Outcome == Cases[k].Expect);
            Assert.True(hits >= 2, $"{Cases[k].Expect} appeared in {hits} of {Seeds.Length} seeds for {string.Join(" ", Cases[k].Sets)}");
        }
    }

    static IReadOnlyDictionary<string, ParameterValue> Parse(string[] sets)
    {
        var (values, errors) = InterpLoop.Engine.ConfigAssignments.Parse(RewardHackingCatalog.Catalog, sets);
        Assert.Empty(errors);
        return values;
    }
}
