using InterpLoop.Engine;
using InterpLoop.Spec;
using InterpLoop.Spec.Catalog;
using InterpLoop.Spec.Evaluation;

namespace InterpLoop.Hunt.Search;

/// <summary>
/// Runs configurations and judges the claim on them: trials by majority, with the claim's margin for the
/// targeted search. Runs go through a <see cref="RunBatchSource"/>, so the caller decides about the store, the
/// backend and counts; the seeds that are judged together go as one batch.
/// </summary>
public sealed class ClaimJudge(SearchSpace space, RunBatchSource runs, IOutcomeSlack? slack)
{
    public ClaimJudge(SearchSpace space, RunSource run, IOutcomeSlack? slack) : this(space, RunBatches.Solo(run), slack) { }

    Hypothesis H => space.Hypothesis;

    /// <summary>
    /// Judges <paramref name="p"/> on <paramref name="seeds"/>; with <paramref name="stopWhenDecided"/>, stops as soon
    /// as the majority is settled, since every seed is a training run. Without it, all seeds are one batch. With it,
    /// the first batch is the fewest seeds that could settle the majority ((n + 1) / 2: no majority of n is settled
    /// by fewer), then one seed a batch, so exactly the runs a seed-by-seed judgement makes are made.
    /// </summary>
    public Evaluation Evaluate(Point p, IReadOnlyList<long> seeds, bool stopWhenDecided, CancellationToken cancellation = default)
    {
        var trials = new List<Trial>();
        int goals = 0, n = seeds.Count;
        while (trials.Count < n)
        {
            cancellation.ThrowIfCancellationRequested();
            int take = !stopWhenDecided ? n : trials.Count == 0 ? FewestThatCouldDecide(n) : 1;
            foreach (var t in Judge(p, seeds.Skip(trials.Count).Take(take).ToList()))
            {
                trials.Add(t);
                if (IsGoal(t)) goals++;
            }
            int misses = trials.Count - goals;
            if (stopWhenDecided && (2 * goals > n || 2 * (n - misses) <= n)) break;
        }
        return new Evaluation(p, trials, 2 * goals > n, trials.Average(GoalMargin));
    }

    /// <summary>A majority of n needs n / 2 + 1 goals, and is out of reach after (n + 1) / 2 misses; the smaller is (n + 1) / 2.</summary>
    static int FewestThatCouldDecide(int n) => Math.Max(1, (n + 1) / 2);

    public bool IsGoal(Trial t) => t.IsGoalOf(H);

    public double GoalMargin(Trial t) => H.IsSometimes ? t.Margin : -t.Margin;

    public Trial Judge(Point p, long seed) => Judge(p, new[] { seed })[0];

    /// <summary>The trials of <paramref name="p"/> on these seeds, as one batch: per seed run A, then (paired) run B.</summary>
    public IReadOnlyList<Trial> Judge(Point p, IReadOnlyList<long> seeds)
    {
        var assignments = space.Assignments(p);
        var a = H.IsPaired ? With(assignments, H.PairA!) : assignments;
        var b = H.IsPaired ? With(assignments, H.PairB!) : null;
        var requests = new List<RunRequest>();
        foreach (var seed in seeds)
        {
            requests.Add(new RunRequest(a, seed));
            if (b is not null) requests.Add(new RunRequest(b, seed));
        }
        var results = runs(requests);
        if (results.Count != requests.Count)
            throw new InvalidOperationException($"a run batch of {requests.Count} request(s) came back with {results.Count} result(s)");
        int per = b is null ? 1 : 2;
        return seeds.Select((seed, i) => Trial(seed, results[i * per], b is null ? null : results[i * per + 1])).ToList();
    }

    Trial Trial(long seed, RunResult a, RunResult? b)
    {
        var va = Values(a);
        var vb = b is null ? null : Values(b);
        var result = PredicateMargin.Of(H.Claim.Condition, va, vb, Slack(a, va, b, vb));
        return new Trial(seed, a, b, Truth(result), result.Margin);
    }

    /// <summary>A checked claim always evaluates; if it does not, the engine broke a catalog promise, and the hunt must not guess.</summary>
    bool Truth(MarginResult r) => r.Succeeded ? r.Value
        : throw new InvalidOperationException($"the claim of {H.Name} could not be evaluated on a run: {r.Error}");

    static Dictionary<string, ParameterValue> With(IReadOnlyDictionary<string, ParameterValue> a, IReadOnlyDictionary<string, ParameterValue> over)
    {
        var d = new Dictionary<string, ParameterValue>(a);
        foreach (var (k, v) in over) d[k] = v;
        return d;
    }

    /// <summary>A run as the predicate sees it: every parameter (typed by the catalog) and every metric, outcome as a symbol.</summary>
    public RunValues Values(RunResult r)
    {
        var parameters = new Dictionary<string, ParameterValue>();
        foreach (var (name, text) in r.Config)
        {
            // The catalog's own parser, so a run's config reads exactly as --set and spec files do.
            var p = H.Catalog.FindParameter(name) ?? throw new InvalidOperationException($"the run reports parameter '{name}', which {H.Catalog.Name} does not have");
            parameters[name] = p.TryParse(text, out var value, out var error) ? value
                : throw new InvalidOperationException($"the run's configuration has {name} = {text}: {error}");
        }
        var metrics = r.Metrics.ToDictionary(kv => kv.Key, kv => ParameterValue.Of(kv.Value));
        metrics["outcome"] = ParameterValue.Of(r.Outcome);
        return new RunValues(parameters, metrics);
    }

    /// <summary>The outcome's slack, from the run whose values the predicate is reading.</summary>
    SymbolSlack? Slack(RunResult a, RunValues va, RunResult? b, RunValues? vb)
    {
        if (slack is null) return null;
        return (values, name, symbol) =>
            name != "outcome" ? null
            : ReferenceEquals(values, va) ? slack.OutcomeSlack(a, symbol)
            : b is not null && ReferenceEquals(values, vb) ? slack.OutcomeSlack(b, symbol)
            : null;
    }
}
