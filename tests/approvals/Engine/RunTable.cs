using System.Globalization;
using System.Text;
using InterpLoop.Engine;
using InterpLoop.Engine.RewardHacking;
using InterpLoop.Spec.Catalog;

namespace InterpLoop.Approvals.Engine;

/// <summary>
/// Runs labelled configurations on several seeds, one after another (see ApprovalsSetup.cs), and renders
/// them as the text an approval pins: one line per seed with the outcome and the metrics that matter,
/// rounded to two decimals, enough to see what moved, coarse enough that the text states results rather
/// than floating-point noise.
/// </summary>
internal sealed class RunTable
{
    public sealed record Row(string Label, string[] Sets);

    static readonly string[] ShownMetrics =
    {
        "hack_rate", "undetected_hack_rate", "filler_rate", "probe.recall_original", "probe.recall_final",
        "representation_change", "fresh_probe.auroc", "probe.tpr_reference", "kl",
    };

    public RunTable(IReadOnlyList<Row> rows, IReadOnlyList<long> seeds)
    {
        Rows = rows; Seeds = seeds;
        var scenario = new RewardHackingScenario();
        var runs = rows.SelectMany(r => seeds.Select(seed => (r, seed))).ToArray();
        Results = runs.Select(run => scenario.Run(Parse(run.r.Sets), run.seed)).ToArray();
    }

    public IReadOnlyList<Row> Rows { get; }
    public IReadOnlyList<long> Seeds { get; }
    RunResult[] Results { get; }

    /// <summary>The results of one row, in seed order.</summary>
    public IEnumerable<RunResult> Of(int row) => Results.Skip(row * Seeds.Count).Take(Seeds.Count);

    public string Render()
    {
        var text = new StringBuilder();
        for (int r = 0; r < Rows.Count; r++)
        {
            text.AppendLine($"## {Rows[r].Label}: {string.Join(" ", Rows[r].Sets)}");
            foreach (var result in Of(r))
            {
                string F(string k) => double.IsNaN(result.Metrics[k]) ? "n/a" : result.Metrics[k].ToString("F2", CultureInfo.InvariantCulture);
                text.AppendLine($"seed {result.Seed}: {result.Outcome,-22} " + string.Join("  ", ShownMetrics.Select(k => $"{k} {F(k)}")));
            }
            text.AppendLine();
        }
        return text.ToString().TrimEnd() + "\n";
    }

    static IReadOnlyDictionary<string, ParameterValue> Parse(string[] sets)
    {
        var (values, errors) = ConfigAssignments.Parse(RewardHackingCatalog.Catalog, sets);
        Assert.Empty(errors);
        return values;
    }
}
