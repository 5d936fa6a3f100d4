using InterpLoop.Engine;

namespace InterpLoop.Hunt.Atlas;

/// <summary>
/// One grid cell after it ran: every seed's run, the majority outcome and the share of seeds that had it, and
/// each metric's mean over the seeds where it is defined (NaN, e.g. a recall when nothing hacked, is left out;
/// a metric undefined on every seed has a NaN mean). An excluded cell has no runs and no majority.
/// </summary>
public sealed class AtlasCell
{
    AtlasCell(AtlasPoint point, IReadOnlyList<RunResult> runs, string? majority, int majorityCount, IReadOnlyDictionary<string, double> means)
    {
        Point = point; Runs = runs; Majority = majority; MajorityCount = majorityCount; MetricMeans = means;
    }

    public AtlasPoint Point { get; }
    public bool Excluded => !Point.Admitted;
    /// <summary>One per seed, in seed order.</summary>
    public IReadOnlyList<RunResult> Runs { get; }
    /// <summary>The commonest outcome; a tie goes to the outcome listed first in <c>outcomeOrder</c>. Null when excluded.</summary>
    public string? Majority { get; }
    public int MajorityCount { get; }
    /// <summary>The share of seeds whose outcome is <see cref="Majority"/>; NaN when excluded.</summary>
    public double Share => Runs.Count == 0 ? double.NaN : (double)MajorityCount / Runs.Count;
    /// <summary>By metric name, ordinal order.</summary>
    public IReadOnlyDictionary<string, double> MetricMeans { get; }

    public static AtlasCell ExcludedAt(AtlasPoint point) =>
        point.Admitted ? throw new ArgumentException("an admitted point is run, not excluded", nameof(point))
            : new AtlasCell(point, Array.Empty<RunResult>(), null, 0, new SortedDictionary<string, double>(StringComparer.Ordinal));

    /// <param name="outcomeOrder">The scenario's outcome taxonomy in its catalog order; it breaks ties, so a tie always resolves the same way.</param>
    public static AtlasCell Of(AtlasPoint point, IReadOnlyList<RunResult> runs, IReadOnlyList<string> outcomeOrder)
    {
        if (!point.Admitted) throw new ArgumentException("an excluded point has no runs", nameof(point));
        if (runs.Count == 0) throw new ArgumentException("a cell needs at least one run", nameof(runs));
        int Rank(string outcome)
        {
            for (int k = 0; k < outcomeOrder.Count; k++) if (outcomeOrder[k] == outcome) return k;
            return int.MaxValue;
        }
        var top = runs.GroupBy(r => r.Outcome)
            .OrderByDescending(g => g.Count()).ThenBy(g => Rank(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .First();
        var means = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var name in runs.SelectMany(r => r.Metrics.Keys).Distinct())
        {
            var defined = runs.Select(r => r.Metrics.TryGetValue(name, out var v) ? v : double.NaN).Where(v => !double.IsNaN(v)).ToList();
            means[name] = defined.Count == 0 ? double.NaN : defined.Average();
        }
        return new AtlasCell(point, runs, top.Key, top.Count(), means);
    }
}
