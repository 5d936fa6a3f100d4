using InterpLoop.Engine;
using InterpLoop.Spec;
using InterpLoop.Spec.Syntax;

namespace InterpLoop.Hunt;

/// <summary>
/// Whether a hypothesis' recorded `status` still stands, as the generated regression tests ask it:
/// `refuted by F` and `witnessed by F` need F to back the status as the spec now reads (FindingConsistency: its
/// claim, region, pairing and recorded verdicts; FindingReplayApprovals replays every finding); `holds` re-hunts with the spec's
/// budget (the targeted strategy, seed 0) and needs no counterexample (for a `sometimes` claim: a witness);
/// `unwitnessed` re-hunts the same way and needs no witness; `unknown` claims nothing and always stands. Returns what it found as data; the test turns it into a pass or a failure.
/// </summary>
public static class StatusLock
{
    public static StatusCheck Check(string specPath, string hypothesisName, RunStore? store = null, CancellationToken cancellation = default)
    {
        var spec = HuntableSpec.Load(specPath, findingsMustExist: true);
        if (spec.HasErrors)
            return new StatusCheck(false, $"{specPath} does not check: " + string.Join("; ", spec.Diagnostics.Where(d => d.IsError)));
        var h = spec.Hypotheses.FirstOrDefault(x => x.Name == hypothesisName);
        if (h is null) return new StatusCheck(false, $"{specPath} has no hypothesis '{hypothesisName}'");
        var scenario = Scenarios.Find(h.Catalog.Name)!;
        RunResult Train(IReadOnlyDictionary<string, Spec.Catalog.ParameterValue> a, long seed) =>
            store is null ? scenario.Run(a, seed, null, cancellation) : store.GetOrRun(scenario, a, seed, null, cancellation);

        switch (h.Status?.Kind)
        {
            case StatusKind.Refuted or StatusKind.Witnessed:
            {
                var path = FindingPaths.Resolve(specPath, h.Status.Finding)!;
                var read = FindingFile.Read(path);
                if (!read.Ok) return new StatusCheck(false, string.Join("; ", read.Errors));
                var problems = FindingConsistency.Problems(h, read.Finding!, scenario);
                return problems.Count == 0
                    ? new StatusCheck(true, $"{h.Name}: {h.Status.Finding} backs its status on {read.Finding!.Runs.Count} recorded seed(s) (FindingReplayApprovals replays them)")
                    : new StatusCheck(false, $"{h.Name} is recorded as {Recorded(h.Status)}, which no longer backs it: " + string.Join("; ", problems) +
                        $". If the spec changed on purpose, re-hunt: `interploop hunt {specPath.Replace('\\', '/')} --hypothesis {h.Name} --record-status`.");
            }
            case StatusKind.Holds or StatusKind.Unwitnessed:
            {
                var result = Hunter.Hunt(h, new HuntOptions { Budget = h.Budget ?? HuntOptions.DefaultBudget }, Train, scenario as IOutcomeSlack, null, cancellation);
                bool stands = !StatusVerdicts.Contradicts(h, result.Verdict);
                string found = result.Shrunk is { } s ? $"{result.Space.Describe(s.Point)} ({HuntVerdicts.Text(result.Verdict)}, {result.Reproduction})" : "nothing";
                return new StatusCheck(stands, $"{h.Name} is recorded as {Recorded(h.Status)}; a hunt of {result.Runs} runs found {found}" +
                    (stands ? "" : $". Reproduce with `interploop hunt {specPath.Replace('\\', '/')} --hypothesis {h.Name} --budget {result.Options.Budget}`"));
            }
            default:
                return new StatusCheck(true, $"{h.Name}: status unknown, nothing to check");
        }
    }

    static string Recorded(StatusClause status) => status.Kind switch
    {
        StatusKind.Holds => "holding",
        StatusKind.Refuted => "refuted by " + status.Finding,
        StatusKind.Witnessed => "witnessed by " + status.Finding,
        _ => status.Text,
    };
}

/// <summary>A status lock's answer: whether the status stands, and what was seen, in words a failing test prints.</summary>
public sealed record StatusCheck(bool Stands, string Explanation);
