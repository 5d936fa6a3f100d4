using InterpLoop.Spec;
using InterpLoop.Spec.Checking;
using InterpLoop.Spec.Diagnostics;
using InterpLoop.Spec.Syntax;

namespace InterpLoop.Hunt;

/// <summary>
/// A spec file parsed and checked against the registered scenario families, with its hypotheses when it has no
/// errors: what `hunt`, `bench search` and the status locks all start from.
/// </summary>
public sealed record HuntableSpec(SpecFile File, IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<Hypothesis> Hypotheses)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <param name="findingsMustExist">
    /// Whether a `status refuted by` naming a missing finding is an error (IL0014). A hunt says no: producing
    /// that finding is what a hunt is for. A status lock says yes: it replays the finding.
    /// </param>
    public static HuntableSpec Load(string path, bool findingsMustExist)
    {
        var options = new SpecCheckOptions(Scenarios.All.Select(s => s.Catalog).ToList(),
            findingsMustExist ? f => FindingPaths.Resolve(path, f) is not null : _ => true);
        var (file, diagnostics) = SpecAnalysis.Analyze(path, System.IO.File.ReadAllText(path), options);
        var hypotheses = diagnostics.Any(d => d.IsError) ? Array.Empty<Hypothesis>() : Hypothesis.FromFile(file, options);
        return new HuntableSpec(file, diagnostics, hypotheses);
    }
}
