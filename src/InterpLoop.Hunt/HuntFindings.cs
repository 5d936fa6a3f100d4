using InterpLoop.Engine;
using InterpLoop.Hunt.Search;

namespace InterpLoop.Hunt;

/// <summary>Turns a hunt's counterexample (or witness) into the <see cref="Finding"/> that locks it, and picks its file name.</summary>
public static class HuntFindings
{
    /// <summary>The finding of a hunt that found something (fragile ones included; the caller decides whether to write it).</summary>
    public static Finding From(HuntResult result, string createdBy)
    {
        var h = result.Hypothesis;
        var shrunk = result.Shrunk ?? throw new ArgumentException("the hunt found nothing to record", nameof(result));
        FindingRun Run(RunResult r, Trial t, bool fresh) => new(t.Seed, r.Outcome, t.IsGoalOf(h), r.Metrics, r.StopReason, fresh);
        var runs = shrunk.Trials.Select(t => (t, fresh: false)).Concat(result.Fresh.Select(t => (t, fresh: true)))
            .Select(x => Run(x.t.A, x.t, x.fresh) with { B = x.t.B is null ? null : Run(x.t.B, x.t, x.fresh) })
            .ToList();
        var claim = h.ClaimText.StartsWith("claim ", StringComparison.Ordinal) ? h.ClaimText["claim ".Length..] : h.ClaimText;
        return new Finding(h.Name, h.SpecPath.Replace('\\', '/'), claim,
            h.IsSometimes ? FindingVerdict.Witness : FindingVerdict.Counterexample,
            h.Catalog.Name, result.Space.Assignments(shrunk.Point), runs, EngineVersion.Current, createdBy, "",
            h.IsPaired ? new FindingPairing(h.PairA!, h.PairB!) : null);
    }

    /// <summary>
    /// findings/&lt;hypothesis&gt;.json, unless that file already records a different configuration (a status may
    /// point at it): then the first free &lt;hypothesis&gt;-2.json, -3.json, ….
    /// </summary>
    public static string PathFor(string folder, Finding finding)
    {
        for (int n = 1; ; n++)
        {
            var path = Path.Combine(folder, finding.Hypothesis + (n == 1 ? "" : $"-{n}") + ".json");
            if (!File.Exists(path)) return path;
            var existing = FindingFile.Read(path).Finding;
            if (existing is not null && SameConfiguration(existing, finding)) return path;
        }
    }

    static bool SameConfiguration(Finding a, Finding b) =>
        a.Hypothesis == b.Hypothesis && a.Config.Count == b.Config.Count && a.Config.All(kv => b.Config.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
