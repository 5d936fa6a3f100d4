using InterpLoop.Engine;
using InterpLoop.Spec;
using InterpLoop.Spec.Catalog;
using InterpLoop.Spec.Evaluation;

namespace InterpLoop.Hunt.Search;

/// <summary>
/// Runs configurations and judges the claim on them: trials by majority, with the claim's margin for the
/// targeted search. Runs go through <see cref="RunSource"/>, so the caller decides about the store and counts.
/// </summary>
public sealed class ClaimJudge(SearchSpace space, RunSource run, IOutcomeSlack? slack)
{
    Hypothesis H => space.Hypothesis;

    /// <summary>
    /// Judges <paramref name="p"/> on <paramref name="seeds"/>; with <paramref name="stopWhenDecided"/>, stops as soon
    /// as the majority is settled, since every seed is a training run.
    /// </summary>
    public Evaluation Evaluate(Point p, IReadOnlyList<long> seeds, bool stopWhenDecided, CancellationToken cancellation = default)
    {
        var trials = new List<Trial>();
        int goals = 0, n = seeds.Count;
        foreach (var seed in seeds)
        {
            cancellation.ThrowIfCancellationRequested();
            var t = Judge(p, seed);
            trials.Add(t);
            if (IsGoal(t)) goals++;
            int misses = trials.Count - goals;
            if (stopWhenDecided && (2 * goals > n || 2 * (n - misses) <= n)) break;
        }
        return new Evaluation(p, trials, 2 * goals > n, trials.Average(GoalMargin));
    }

    public bool IsGoal(Trial t) => t.IsGoalOf(H);

    public double GoalMargin(Trial t) => H.IsSometimes ? t.Margin : -t.Margin;

    public Trial Judge(Point p, long seed)
    {
        var assignments = space.Assignments(p);
        var a = run(H.IsPaired ? With(assignments, H.PairA!) : assignments, seed);
        var b = H.IsPaired ? run(With(assignments, H.PairB!), seed) : null;
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
