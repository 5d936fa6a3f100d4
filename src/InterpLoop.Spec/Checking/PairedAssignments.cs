using System.Collections.Generic;
using System.Linq;
using InterpLoop.Spec.Catalog;
using InterpLoop.Spec.Diagnostics;
using InterpLoop.Spec.Syntax;

namespace InterpLoop.Spec.Checking
{
    /// <summary>
    /// Checks the A and B assignments of `claim always paired A vs B`. An assignment changes nothing when the
    /// other side assigns the same value, or when the other side leaves the parameter alone and the value is
    /// what it already is (its fixed value, or its default when neither fixed nor varied).
    /// </summary>
    internal static class PairedAssignments
    {
        /// <summary>Returns the parameters either side assigns: a bare name of one of them is ambiguous in the claim.</summary>
        public static HashSet<string> Check(PairingSyntax pairing, ScenarioCatalog catalog, IReadOnlyDictionary<string, AssignmentSyntax> fixedAt,
            IReadOnlyDictionary<string, VaryItemSyntax> variedAt, List<Diagnostic> diagnostics)
        {
            var a = Side(pairing.A, catalog, diagnostics);
            var b = Side(pairing.B, catalog, diagnostics);
            foreach (var (mine, other, otherName) in new[] { (a, b, "B"), (b, a, "A") })
                foreach (var kv in mine)
                {
                    var assignment = kv.Value;
                    var value = assignment.Value.Value;
                    string? why = null;
                    if (other.TryGetValue(kv.Key, out var there))
                    {
                        // Report a same-valued pair once, at A's assignment.
                        if (there.Value.Value == value && otherName == "B") why = $"run B assigns {kv.Key} = {there.Value.Text} too";
                    }
                    else if (!variedAt.ContainsKey(kv.Key))
                    {
                        var p = catalog.FindParameter(kv.Key)!;
                        if (fixedAt.TryGetValue(kv.Key, out var f) && f.Value.Value == value) why = $"the scenario already fixes {kv.Key} = {f.Value.Text} (line {f.ParameterSpan.Line})";
                        else if (!fixedAt.ContainsKey(kv.Key) && p.Default == value) why = $"{p.Default} is already the default of {kv.Key}, and run {otherName} leaves it there";
                    }
                    if (why != null)
                        diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.PairedNoChange, assignment.ParameterSpan, kv.Key, assignment.Value.Text, why));
                }
            return new HashSet<string>(a.Keys.Concat(b.Keys));
        }

        static Dictionary<string, AssignmentSyntax> Side(IReadOnlyList<AssignmentSyntax> assignments, ScenarioCatalog catalog, List<Diagnostic> diagnostics)
        {
            var side = new Dictionary<string, AssignmentSyntax>();
            foreach (var a in assignments)
            {
                var p = SpecChecker.Parameter(catalog, a.Parameter, a.ParameterSpan, diagnostics);
                if (p == null) continue;
                if (side.TryGetValue(a.Parameter, out var earlier))
                {
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.AssignedTwice, a.ParameterSpan, a.Parameter, "assigned in one run", earlier.ParameterSpan.Line));
                    continue;
                }
                if (SpecChecker.CheckValue(p, a.Value, diagnostics)) side[a.Parameter] = a;
            }
            return side;
        }
    }
}
