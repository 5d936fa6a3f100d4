using InterpLoop.Engine;
using InterpLoop.Hunt.Search;
using InterpLoop.Spec;
using InterpLoop.Spec.Checking;

namespace InterpLoop.Hunt;

/// <summary>
/// The hunt, data in and data out: search the hypothesis' region for a configuration where the claim fails (or,
/// for `sometimes`, holds) on a majority of its seeds; shrink it toward the region's simple end; re-run it on
/// fresh seeds. Every judgement is training runs taken through a <see cref="RunSource"/> and counted against
/// the budget, so the same hypothesis, options and engine always give the same result, and a hunt resumed over
/// a run store replays its finished runs from the store and reaches the same place.
/// </summary>
public static class Hunter
{
    public static HuntResult Hunt(Hypothesis hypothesis, HuntOptions options, RunSource source, IOutcomeSlack? slack,
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
        RunSource counted = (assignments, seed) =>
        {
            cancellation.ThrowIfCancellationRequested();
            currentSeed = seed;
            progress?.Report(new HuntProgress(phase, runs, options.Budget, best, candidate, seed, judged.Count));
            var result = source(assignments, seed);
            runs++;
            return result;
        };
        var judge = new ClaimJudge(space, counted, slack);
        var seeds = Enumerable.Range(0, trials).Select(i => (long)i).ToList();
        int searchBudget = options.Budget - reserve;

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

        // 1. Search until a configuration hits or the budget (less the reproduction reserve) runs out.
        ISearchStrategy strategy = options.Strategy == HuntStrategy.Random
            ? new RandomSearch(space, options.Seed)
            : new TargetedSearch(space, options.Seed, horizon: searchBudget / perConfiguration);
        Evaluation? original = null;
        int? runsToFirstHit = null;
        while (runs + perConfiguration <= searchBudget)
        {
            var p = strategy.Next(judged);
            if (judged.ContainsKey(p)) break; // the region is exhausted
            var e = Judge(p);
            strategy.Observe(e);
            if (e.Hit) { original = e; runsToFirstHit = runs; break; }
        }
        if (original is null || options.StopAtFirstHit)
            return new HuntResult(hypothesis, space, options, hypothesis.IsSometimes ? HuntVerdict.NoWitness : HuntVerdict.NoCounterexample,
                runs, judged.Count, runsToFirstHit, original, null, 0, Array.Empty<Trial>(), null);

        // 2. Shrink greedily: take the first simpler point that still hits, and start over from it.
        phase = "shrink";
        var shrunk = original;
        int steps = 0;
        bool improved = options.Shrink;
        while (improved)
        {
            improved = false;
            foreach (var s in space.Shrinks(shrunk.Point))
            {
                if (!space.Admits(s)) continue;
                if (!judged.ContainsKey(s) && runs + perConfiguration > searchBudget) { improved = false; break; }
                var e = Judge(s);
                if (!e.Hit) continue;
                shrunk = e; steps++; improved = true;
                break;
            }
        }

        // 3. Fresh seeds, all of them: a rate needs every trial, not an early majority.
        phase = "reproduce";
        candidate = space.Describe(shrunk.Point);
        var freshSeeds = Enumerable.Range(trials, fresh).Select(i => (long)i).ToList();
        var reproduction = judge.Evaluate(shrunk.Point, freshSeeds, stopWhenDecided: false, cancellation);
        var rate = new ReproductionRate(reproduction.Trials.Count(judge.IsGoal), reproduction.Trials.Count);
        var verdict = rate.Rate < options.FragileBelow ? HuntVerdict.Fragile
            : hypothesis.IsSometimes ? HuntVerdict.Witnessed : HuntVerdict.Refuted;
        progress?.Report(new HuntProgress("done", runs, options.Budget, best, candidate, currentSeed, judged.Count));
        return new HuntResult(hypothesis, space, options, verdict, runs, judged.Count, runsToFirstHit, original, shrunk, steps,
            reproduction.Trials, rate);
    }
}
