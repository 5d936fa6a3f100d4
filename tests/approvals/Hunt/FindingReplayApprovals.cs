using System.Globalization;
using System.Text;
using InterpLoop.Hunt;

namespace InterpLoop.Approvals.Hunt;

/// <summary>
/// Every finding under the repository's findings/ replayed and pinned: its outcome and metrics per seed, rounded
/// to <see cref="Decimals"/> decimals, in one approved file. An engine change that moves a finding shows here as a
/// readable diff (the replay test itself asks for more: every metric within MetricTolerance).
/// </summary>
public class FindingReplayApprovals
{
    /// <summary>The pinned precision: changes below half a thousandth do not show in the diff.</summary>
    const int Decimals = 3;

    [Fact]
    public void Every_finding_replays_to_its_pinned_outcome_and_metrics()
    {
        var folder = Path.Combine(RepositoryRoot(), "findings");
        var files = Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal).ToList();
        var text = new StringBuilder($"Findings under findings/, replayed without the run store; metrics rounded to {Decimals} decimals.\n");
        if (files.Count == 0) text.Append("(no findings yet)\n");
        var drifted = new List<string>();
        // One scenario per family for the whole replay, so findings that share a seed and the reference's knobs share
        // its pretraining and probe (the prelude cache), and one memo of runs, so two findings of one configuration
        // (zvi's two claims share theirs) train it once. Both give bit-identical results to training afresh.
        var scenarios = new Dictionary<string, InterpLoop.Engine.IScenario>();
        var memo = new Dictionary<string, InterpLoop.Engine.RunResult>();
        foreach (var file in files)
        {
            var read = FindingFile.Read(file);
            Assert.True(read.Ok, string.Join("\n", read.Errors));
            var finding = read.Finding!;
            if (!scenarios.TryGetValue(finding.Scenario, out var scenario)) scenarios[finding.Scenario] = scenario = Scenarios.Find(finding.Scenario)!;
            InterpLoop.Engine.RunResult Train(IReadOnlyDictionary<string, InterpLoop.Spec.Catalog.ParameterValue> config, long seed)
            {
                var key = finding.Scenario + " " + seed + " " + string.Join(" ", config.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
                if (!memo.TryGetValue(key, out var result)) memo[key] = result = scenario.Run(config, seed);
                return result;
            }
            text.Append($"\n{Path.GetFileName(file)}: {finding.Hypothesis}, {FindingFile.VerdictText(finding.Verdict)}, {finding.Claim}\n");
            text.Append($"  config: {string.Join(" ", finding.Config.Select(kv => $"{kv.Key}={kv.Value}"))}\n");
            text.Append($"  reproduction (fresh seeds): {finding.Reproduction}\n");
            foreach (var run in finding.Runs)
            {
                var replay = FindingReplay.ReplaySeed(finding, run, config => Train(config, run.Seed));
                if (!replay.Reproduces) drifted.Add($"{Path.GetFileName(file)} seed {run.Seed}: {string.Join(", ", replay.Changes.Select(c => $"{c.What} {c.Recorded} -> {c.Now}"))}");
                text.Append($"  seed {run.Seed} ({(run.Fresh ? "fresh" : "search")}): {replay.Result.Outcome}, {(run.Reproduces ? "reproduces" : "does not reproduce")}\n");
                text.Append($"    {Round(replay.Result.Metrics)}\n");
                if (replay.ResultB is { } b) text.Append($"    run B: {b.Outcome}\n    {Round(b.Metrics)}\n");
            }
        }
        ApprovalTests.Approvals.Verify(text.ToString());
        Assert.True(drifted.Count == 0, "findings no longer replay exactly:\n" + string.Join("\n", drifted));
    }

    static string Round(IReadOnlyDictionary<string, double> metrics) =>
        string.Join(" ", metrics.Select(kv => $"{kv.Key}={(double.IsNaN(kv.Value) ? "n/a" : Math.Round(kv.Value, Decimals).ToString("0.###", CultureInfo.InvariantCulture))}"));

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "InterpLoop.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (InterpLoop.sln) above " + AppContext.BaseDirectory);
    }
}
