using InterpLoop.Spec;
using InterpLoop.Spec.Syntax;

namespace InterpLoop.Hunt;

/// <summary>
/// How a hunt's verdict and a hypothesis' recorded status relate: which status a verdict supports, and whether it
/// contradicts the one recorded. The main job's exit code and the re-hunting status locks both ask this.
/// </summary>
public static class StatusVerdicts
{
    /// <summary>The status (without its keyword) a verdict supports; a fragile one supports none, being evidence neither way.</summary>
    public static string? Supported(HuntVerdict verdict, string? finding) => verdict switch
    {
        HuntVerdict.Refuted => "refuted by " + PrettyPrinter.Quote(finding ?? ""),
        HuntVerdict.Witnessed => "witnessed by " + PrettyPrinter.Quote(finding ?? ""),
        HuntVerdict.NoCounterexample => "holds",
        HuntVerdict.NoWitness => "unwitnessed",
        _ => null,
    };

    /// <summary>
    /// Whether the verdict contradicts the recorded status (an unknown one contradicts nothing). `holds` on a
    /// sometimes claim means a witness exists.
    /// </summary>
    public static bool Contradicts(Hypothesis h, HuntVerdict verdict) => h.Status?.Kind switch
    {
        null or StatusKind.Unknown => false,
        StatusKind.Holds => h.IsSometimes ? verdict != HuntVerdict.Witnessed : verdict == HuntVerdict.Refuted,
        StatusKind.Refuted => verdict != HuntVerdict.Refuted,
        StatusKind.Witnessed => verdict != HuntVerdict.Witnessed,
        StatusKind.Unwitnessed => verdict == HuntVerdict.Witnessed,
        _ => false,
    };
}
