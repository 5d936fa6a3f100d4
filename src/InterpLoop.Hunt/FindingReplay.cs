using System.Globalization;
using InterpLoop.Engine;

namespace InterpLoop.Hunt;

/// <summary>
/// Re-runs a finding's configuration on its seeds and compares each with the record. Replay asks for the
/// same result, not merely the same verdict: a finding is a regression lock, so any drift is news.
/// </summary>
public static class FindingReplay
{
    /// <summary>Compares a recorded seed with its new result (and, for a paired finding, its run B with the new run B).</summary>
    public static SeedReplay Compare(FindingRun recorded, RunResult now, RunResult? nowB = null)
    {
        var changes = Changes(recorded, now, "");
        if (recorded.B is not null && nowB is not null) changes.AddRange(Changes(recorded.B, nowB, "run B "));
        return new SeedReplay(recorded.Seed, recorded.Outcome, now, changes, nowB);
    }

    static List<ReplayChange> Changes(FindingRun recorded, RunResult now, string prefix)
    {
        var changes = new List<ReplayChange>();
        if (recorded.Outcome != now.Outcome) changes.Add(new ReplayChange("outcome", recorded.Outcome, now.Outcome));
        foreach (var (name, old) in recorded.Metrics)
        {
            if (!now.Metrics.TryGetValue(name, out var value)) changes.Add(new ReplayChange(name, Format(old), "not reported"));
            else if (!MetricTolerance.Same(old, value)) changes.Add(new ReplayChange(name, Format(old), Format(value)));
        }
        if (recorded.StopReason != now.StopReason)
            changes.Add(new ReplayChange("stop_reason", recorded.StopReason ?? "none", now.StopReason ?? "none"));
        return changes.Select(c => c with { What = prefix + c.What }).ToList();
    }

    /// <summary>Runs one recorded seed again: run A (or the only run) and, for a paired finding, run B.</summary>
    public static SeedReplay ReplaySeed(Finding finding, FindingRun run, Func<IReadOnlyDictionary<string, Spec.Catalog.ParameterValue>, RunResult> train) =>
        Compare(run, train(finding.ConfigOf(runB: false)), finding.Pairing is null ? null : train(finding.ConfigOf(runB: true)));

    /// <summary>Replays every seed of <paramref name="finding"/> through <paramref name="store"/> (or directly when null).</summary>
    public static IReadOnlyList<SeedReplay> Replay(Finding finding, IScenario scenario, RunStore? store,
        Func<FindingRun, IProgress<TrainingProgress>?>? progress = null, CancellationToken cancellation = default) =>
        finding.Runs.Select(run =>
        {
            var p = progress?.Invoke(run);
            return ReplaySeed(finding, run, config => store is null
                ? scenario.Run(config, run.Seed, p, cancellation)
                : store.GetOrRun(scenario, config, run.Seed, p, cancellation));
        }).ToList();

    static string Format(double x) => double.IsNaN(x) ? "n/a" : x.ToString("R", CultureInfo.InvariantCulture);
}
