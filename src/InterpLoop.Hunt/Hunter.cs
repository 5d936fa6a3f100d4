using InterpLoop.Engine;
using InterpLoop.Hunt.Search;
using InterpLoop.Spec;
using InterpLoop.Spec.Checking;

namespace InterpLoop.Hunt;

/// <summary>
/// The hunt, data in and data out: search the hypothesis' region for a configuration where the claim fails (or,
/// for `sometimes`, holds) on a majority of its seeds; shrink it toward the region's simple end; re-run it on
/// fresh seeds. A recorded finding's configuration, when given (<see cref="HuntOptions.Replay"/>), is judged first,
/// and re-run on fresh seeds as it is when it still hits. Every judgement is training runs taken through a
/// <see cref="RunBatchSource"/> (the seeds judged together, the fresh seeds of a reproduction) and counted against
/// the budget, one run a request, so the same hypothesis, options and engine always give the same result, and a hunt
/// resumed over a run store replays its finished runs from the store and reaches the same place.
/// </summary>
public static class Hunter
{
    const int MaxRepeatsAfterFragile = 1000;

    public static HuntResult Hunt(Hypothesis hypothesis, HuntOptions options, RunSource source, IOutcomeSlack? slack,
        IProgress<HuntProgress>? progress = null, CancellationToken cancellation = default) =>
        Hunt(hypothesis, options, RunBatches.Solo(source), slack, progress, cancellation);

    public static HuntResult Hunt(Hypothesis hypothesis, HuntOptions options, RunBatchSource source, IOutcomeSlack? slack,
        IProgress<HuntProgress>? progress = null, CancellationToken cancellation = default)
    {
        var space = new SearchSpace(hypothesis);
        int perTrial = hypothesis.RunsPerTrial, trials = hypothesis.Trials;
        int fresh = Math.Max(HuntCosts.FreshSeeds, options.FreshSeeds);
        int perConfiguration = trials * perTrial, reserve = fresh * perTrial;
        if (options.Budget < perConfiguration + reserve)
            throw new HuntException($"a budget of {options.Budget} runs is too small for {hypothesis.Name}: one configuration costs {perConfiguration} " +
                $"({trials} seed(s){(perTrial == 2 ? " × 2 paired runs" : "")}) and re-running a counterexample on {fresh} fresh seeds costs {reserve}; " +
                $"give at least --budget {perConfiguration + reserve}");

        int runs = 0;
        string phase = "search", candidate = "";
        long currentSeed = 0;
        double? best = null;
        var judged = new Dictionary<Point, Evaluation>();
        RunBatchSource counted = requests =>
        {
            cancellation.ThrowIfCancellationRequested();
            if (requests.Count == 0) return Array.Empty<RunResult>();
            currentSeed = requests[0].Seed;
            progress?.Report(new HuntProgress(phase, runs, options.Budget, best, candidate, currentSeed, judged.Count));
            var results = source(requests);
            runs += requests.Count;
            currentSeed = requests[^1].Seed;
            return results;
        };
        var judge = new ClaimJudge(space, counted, slack);
        var seeds = Enumerable.Range(0, trials).Select(i => (long)i).ToList();

        Evaluation Judge(Point p)
        {
            if (judged.TryGetValue(p, out var known)) return known;
            candidate = space.Describe(p);
            var e = judge.Evaluate(p, seeds, stopWhenDecided: true, cancellation);
            judged[p] = e;
            best = best is null ? e.Score : Math.Max(best.Value, e.Score);
            progress?.Report(new HuntProgress(phase, runs, options.Budget, best, candidate, currentSeed, judged.Count));
            return e;
        }

        // A fragile find does not end the hunt while the budget still holds another configuration and another
        // reproduction: the search starts over from a fresh strategy (a climb would lead back to the same find),
        // every judged point stays judged, a find that shrinks to an already fragile point is not re-run on fresh
        // seeds, and the last fragile find is reported if nothing robust turns up.
        ISearchStrategy Strategy(int attempt) => options.Strategy == HuntStrategy.Random
            ? new RandomSearch(space, options.Seed + (ulong)attempt)
            : new TargetedSearch(space, options.Seed + (ulong)attempt, horizon: Math.Max(1, (options.Budget - runs - reserve) / perConfiguration));
        int? runsToFirstHit = null;
        HuntResult? fragile = null;
        var fragilePoints = new HashSet<Point>();
        for (int attempt = 0; ; attempt++)
        {
            var strategy = Strategy(attempt);
            // 1. Search until a configuration hits or the budget (less a reproduction reserve) runs out.
            phase = "search";
            Evaluation? original = null;
            int repeats = 0;
            bool replayed = false;
            // 0. The recorded configurations first (the first attempt only: a fragile one stays fragile).
            if (attempt == 0)
                foreach (var config in options.Replay)
                {
                    if (space.PointOf(config) is not { } p || !space.Admits(p) || judged.ContainsKey(p)) continue;
                    if (runs + perConfiguration > options.Budget - reserve) break;
                    var e = Judge(p);
                    strategy.Observe(e);
                    if (e.Hit) { original = e; runsToFirstHit ??= runs; replayed = true; break; }
                }
            while (original is null && runs + perConfiguration <= options.Budget - reserve)
            {
                var p = strategy.Next(judged);
                // A strategy offers a judged point when the region is exhausted; one started after a fragile find may
                // also open on points the earlier ones judged, so it gets a bounded number of tries.
                if (judged.ContainsKey(p)) { if (attempt == 0 || ++repeats > MaxRepeatsAfterFragile) break; continue; }
                var e = Judge(p);
                strategy.Observe(e);
                if (e.Hit) { original = e; runsToFirstHit ??= runs; break; }
            }
            if (original is null || options.StopAtFirstHit)
                return Spent(fragile) ?? new HuntResult(hypothesis, space, options, hypothesis.IsSometimes ? HuntVerdict.NoWitness : HuntVerdict.NoCounterexample,
                    runs, judged.Count, runsToFirstHit, original, null, 0, Array.Empty<Trial>(), null);

            // 2. Shrink greedily: take the first simpler point that still hits, and start over from it. A recorded
            //    finding that still hits was shrunk when it was found, and is re-checked as recorded.
            phase = "shrink";
            var shrunk = original;
            int steps = 0;
            bool improved = options.Shrink && !replayed;
            while (improved)
            {
                improved = false;
                foreach (var s in space.Shrinks(shrunk.Point))
                {
                    if (!space.Admits(s)) continue;
                    if (!judged.ContainsKey(s) && runs + perConfiguration > options.Budget - reserve) { improved = false; break; }
                    var e = Judge(s);
                    if (!e.Hit || fragilePoints.Contains(s)) continue;
                    shrunk = e; steps++; improved = true;
                    break;
                }
            }

            if (fragilePoints.Contains(shrunk.Point))
            {
                if (runs + perConfiguration + reserve > options.Budget) return Spent(fragile)!;
                continue;
            }

            // 3. Fresh seeds, all of them: a rate needs every trial, not an early majority.
            phase = "reproduce";
            candidate = space.Describe(shrunk.Point);
            var freshSeeds = Enumerable.Range(trials, fresh).Select(i => (long)i).ToList();
            var reproduction = judge.Evaluate(shrunk.Point, freshSeeds, stopWhenDecided: false, cancellation);
            var rate = new ReproductionRate(reproduction.Trials.Count(judge.IsGoal), reproduction.Trials.Count);
            var verdict = rate.Rate < options.FragileBelow ? HuntVerdict.Fragile
                : hypothesis.IsSometimes ? HuntVerdict.Witnessed : HuntVerdict.Refuted;
            progress?.Report(new HuntProgress(verdict == HuntVerdict.Fragile ? "fragile" : "done", runs, options.Budget, best, candidate, currentSeed, judged.Count));
            var result = new HuntResult(hypothesis, space, options, verdict, runs, judged.Count, runsToFirstHit, original, shrunk, steps,
                reproduction.Trials, rate) { FromRecord = replayed };
            if (verdict != HuntVerdict.Fragile || runs + perConfiguration + reserve > options.Budget) return result;
            fragile = result;
            fragilePoints.Add(shrunk.Point);
        }

        // The fragile find as found, with what the whole hunt spent.
        HuntResult? Spent(HuntResult? r) => r is null ? null : r with { Runs = runs, Configurations = judged.Count };
    }
}
