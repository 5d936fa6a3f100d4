using System.Globalization;
using InterpLoop.Engine;

namespace InterpLoop.Hunt;

/// <summary>
/// Re-runs a finding's configuration on its seeds and compares each with the record. Replay asks for the
/// same result, not merely the same verdict: a finding is a regression lock, so any drift is news.
/// </summary>
public static class FindingReplay
{
    /// <summary>Compares a recorded seed with its new result.</summary>
    public static SeedReplay Compare(FindingRun recorded, RunResult now)
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
        return new SeedReplay(recorded.Seed, recorded.Outcome, now, changes);
    }

    /// <summary>Replays every seed of <paramref name="finding"/> through <paramref name="store"/> (or directly when null).</summary>
    public static IReadOnlyList<SeedReplay> Replay(Finding finding, IScenario scenario, RunStore? store,
        Func<FindingRun, IProgress<TrainingProgress>?>? progress = null, CancellationToken cancellation = default) =>
        finding.Runs.Select(run =>
        {
            var p = progress?.Invoke(run);
            var result = store is null
                ? scenario.Run(finding.Config, run.Seed, p, cancellation)
                : store.GetOrRun(scenario, finding.Config, run.Seed, p, cancellation);
            return Compare(run, result);
        }).ToList();

    static string Format(double x) => double.IsNaN(x) ? "n/a" : x.ToString("R", CultureInfo.InvariantCulture);
}
