using InterpLoop.Engine;
using InterpLoop.Hunt.Search;
using InterpLoop.Spec;

namespace InterpLoop.Hunt;

/// <summary>
/// Search efficiency: for each planted hypothesis and strategy, the runs each hunt seed needs to reach its first
/// counterexample (search only: no shrinking or reproduction), and their median. A hunt that exhausts the budget
/// is censored: it counts as needing more than the budget, so a strategy that often fails cannot look fast.
/// </summary>
public static class SearchBenchmark
{
    public sealed record Hunt(string Hypothesis, HuntStrategy Strategy, ulong Seed, int? RunsToFirstHit, int Runs, string? Found);

    public sealed record Row(string Hypothesis, HuntStrategy Strategy, int Budget, IReadOnlyList<Hunt> Hunts)
    {
        public int Found => Hunts.Count(h => h.RunsToFirstHit is not null);

        /// <summary>The median with misses as +∞; null when that lands on a miss (the median exceeds the budget).</summary>
        public double? Median
        {
            get
            {
                var xs = Hunts.Select(h => h.RunsToFirstHit is int k ? (double)k : double.PositiveInfinity).Order().ToList();
                if (xs.Count == 0) return null;
                double m = xs.Count % 2 == 1 ? xs[xs.Count / 2] : (xs[xs.Count / 2 - 1] + xs[xs.Count / 2]) / 2;
                return double.IsInfinity(m) ? null : m;
            }
        }
    }

    public static Hunt RunOne(Hypothesis h, HuntStrategy strategy, ulong seed, int budget, RunSource source, IOutcomeSlack? slack)
    {
        var r = Hunter.Hunt(h, new HuntOptions { Strategy = strategy, Seed = seed, Budget = budget, StopAtFirstHit = true }, source, slack);
        return new Hunt(h.Name, strategy, seed, r.RunsToFirstHit, r.Runs, r.Original is { } o ? r.Space.Describe(o.Point) : null);
    }
}
