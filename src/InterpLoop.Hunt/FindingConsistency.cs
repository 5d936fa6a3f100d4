using InterpLoop.Engine;
using InterpLoop.Hunt.Search;
using InterpLoop.Spec;
using InterpLoop.Spec.Catalog;
using InterpLoop.Spec.Checking;
using InterpLoop.Spec.Evaluation;

namespace InterpLoop.Hunt;

/// <summary>
/// Whether a finding still backs the status a spec records with it, judged without training: the finding is of
/// this hypothesis and claim, its configuration honours the spec's fixed values, region and assume (and pairing),
/// its kind fits the quantifier, re-judging the spec's claim on its recorded metrics gives the recorded verdict on
/// every seed, and it reproduced on at least half its fresh seeds. Whether the engine still produces those
/// metrics is FindingReplayApprovals' question, which replays every finding; asking it here too would train
/// every finding twice per test run.
/// </summary>
public static class FindingConsistency
{
    public static IReadOnlyList<string> Problems(Hypothesis h, Finding f, IScenario scenario, double fragileBelow = 0.5)
    {
        var problems = new List<string>();
        if (f.Hypothesis != h.Name) problems.Add($"it is a finding of '{f.Hypothesis}', not of '{h.Name}'");
        var claim = h.ClaimText.StartsWith("claim ", StringComparison.Ordinal) ? h.ClaimText["claim ".Length..] : h.ClaimText;
        if (f.Claim != claim) problems.Add($"it records the claim `{f.Claim}`, but the spec now claims `{claim}`");
        var kind = h.IsSometimes ? FindingVerdict.Witness : FindingVerdict.Counterexample;
        if (f.Verdict != kind) problems.Add($"it is a {FindingFile.VerdictText(f.Verdict)}, but a `claim {(h.IsSometimes ? "sometimes" : "always")}` needs a {FindingFile.VerdictText(kind)}");
        if (f.Scenario != h.Catalog.Name) problems.Add($"it ran scenario {f.Scenario}, the spec names {h.Catalog.Name}");

        foreach (var (name, value) in h.Fixed)
            if (!f.Config.TryGetValue(name, out var v) || v != value)
                problems.Add($"the spec fixes {name} = {value}, the finding ran {(f.Config.TryGetValue(name, out var w) ? w.ToString() : "its default")}");
        foreach (var name in h.Varied)
        {
            if (!f.Config.TryGetValue(name, out var v)) problems.Add($"the spec varies {name}, which the finding does not set");
            else if (!Contains(h.Region[name], v)) problems.Add($"{name} = {v} lies outside the spec's range {h.Region[name]}");
        }
        foreach (var name in f.Config.Keys)
            if (!h.Fixed.ContainsKey(name) && !h.Varied.Contains(name)) problems.Add($"the finding sets {name}, which the spec neither fixes nor varies");
        if (problems.Count == 0 && h.EvaluateAssume(f.Config) is var r && (!r.Succeeded || !r.Value))
            problems.Add("its configuration does not satisfy the spec's assume" + (r.Succeeded ? "" : $" ({r.Error})"));
        if (h.IsPaired != f.Pairing is not null || (h.IsPaired && (!Same(h.PairA!, f.Pairing!.A) || !Same(h.PairB!, f.Pairing.B))))
            problems.Add("its paired assignments differ from the spec's");
        if (problems.Count > 0) return problems;

        // The spec's claim, judged on what the finding recorded.
        var judge = new ClaimJudge(new SearchSpace(h), (_, _) => throw new InvalidOperationException("a consistency check never trains"), null);
        foreach (var run in f.Runs)
        {
            var a = Values(judge, scenario, f, run, runB: false);
            var b = f.Pairing is null ? null : run.B is null ? null : Values(judge, scenario, f, run.B, runB: true);
            if (f.Pairing is not null && b is null) { problems.Add($"seed {run.Seed} has no run B"); continue; }
            var holds = PredicateEvaluator.Evaluate(h.Claim.Condition, a, b);
            if (!holds.Succeeded) { problems.Add($"seed {run.Seed}: the claim cannot be evaluated on the recorded metrics ({holds.Error})"); continue; }
            bool goal = h.IsSometimes ? holds.Value : !holds.Value;
            if (goal != run.Reproduces)
                problems.Add($"seed {run.Seed}: the claim {(holds.Value ? "holds" : "fails")} on the recorded metrics, but the finding records that it {(run.Reproduces ? "reproduces" : "does not reproduce")}");
        }
        var rate = f.Reproduction;
        if (rate.Trials == 0 || rate.Rate < fragileBelow) problems.Add($"it reproduced on only {rate} fresh seeds, below the {fragileBelow:P0} a finding needs");
        return problems;
    }

    static RunValues Values(ClaimJudge judge, IScenario scenario, Finding f, FindingRun run, bool runB) =>
        judge.Values(new RunResult(f.Scenario, ScenarioConfigurations.Full(scenario, f.ConfigOf(runB)), run.Seed, run.Metrics, run.Outcome, run.StopReason, f.EngineVersion));

    static bool Contains(ParameterDomain domain, ParameterValue v) => domain switch
    {
        FiniteDomain set => set.Values.Contains(v),
        IntervalDomain i => !v.IsSymbol && v.Number >= i.Low && v.Number <= i.High && (!i.Integer || v.Number == Math.Floor(v.Number)),
        _ => false,
    };

    static bool Same(IReadOnlyDictionary<string, ParameterValue> a, IReadOnlyDictionary<string, ParameterValue> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
