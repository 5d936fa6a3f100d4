using System;
using System.Collections.Generic;
using System.Linq;
using InterpLoop.Spec;
using InterpLoop.Spec.Catalog;
using InterpLoop.Spec.Checking;
using InterpLoop.Spec.Syntax;
using SpecDiagnostic = InterpLoop.Spec.Diagnostics.Diagnostic;

namespace InterpLoop.Generators.Model
{
    /// <summary>Parses and checks a spec file with the spec library and turns its clean hypotheses into the pipeline model.</summary>
    public static class ModelBuilder
    {
        /// <summary>
        /// The generator has no file system (RS1035), so `status refuted by "…"` is not checked against the disk here:
        /// every finding is taken as present; `interploop check` and the tests check that the files exist.
        /// </summary>
        static readonly SpecCheckOptions Options = SpecCheckOptions.Default;

        public static SpecModel Build(string path, string text)
        {
            var (file, diagnostics) = SpecAnalysis.Analyze(path, text, Options);
            var errors = diagnostics.Where(d => d.IsError).ToList();
            var hypotheses = new List<HypothesisModel>();
            var extra = new List<DiagnosticModel>();
            var seen = new HashSet<string>();
            foreach (var h in file.Hypotheses)
            {
                // Clean: no error inside it, and its name is not already taken (a duplicate is itself an error).
                int start = h.Span.Offset, end = h.Span.Offset + h.Span.Length;
                if (errors.Any(d => d.Span.Offset >= start && d.Span.Offset < end)) continue;
                if (!seen.Add(h.Name)) continue;
                try
                {
                    hypotheses.Add(Hypothesis(path, h, Options));
                }
                catch (Exception e)
                {
                    // A checked hypothesis the generator cannot compile is a generator bug: say so at the hypothesis.
                    extra.Add(new DiagnosticModel(GeneratorFailureId, true,
                        $"the generator could not compile hypothesis '{h.Name}': {e.Message}", "report this as a bug in InterpLoop.Generators",
                        path, h.NameSpan.Offset, h.NameSpan.Length, h.NameSpan.Line, h.NameSpan.Column, h.NameSpan.EndLine, h.NameSpan.EndColumn));
                }
            }
            // Errors outside every hypothesis (e.g. a stray token at the top) leave the file unusable: emit nothing.
            bool strayErrors = errors.Any(d => !file.Hypotheses.Any(h => d.Span.Offset >= h.Span.Offset && d.Span.Offset < h.Span.Offset + h.Span.Length));
            if (strayErrors) hypotheses.Clear();
            return new SpecModel(path, diagnostics.Select(d => ToModel(d, path)).Concat(extra).ToEquatableArray(), hypotheses.ToEquatableArray());
        }

        public const string GeneratorFailureId = "ILGEN001";

        static DiagnosticModel ToModel(SpecDiagnostic d, string path) => new DiagnosticModel(d.Id, d.IsError, d.Message, d.Hint,
            string.IsNullOrEmpty(d.Span.File) ? path : d.Span.File, d.Span.Offset, d.Span.Length, d.Span.Line, d.Span.Column, d.Span.EndLine, d.Span.EndColumn);

        static HypothesisModel Hypothesis(string path, HypothesisSyntax h, SpecCheckOptions options)
        {
            var scenario = h.Clauses.OfType<ScenarioClause>().First();
            var catalog = options.Find(scenario.Scenario) ?? throw new InvalidOperationException("unknown scenario " + scenario.Scenario);
            var fixedValues = scenario.Fixed.ToDictionary(a => a.Parameter, a => a.Value.Value);
            var point = catalog.Parameters.ToDictionary(p => p.Name, p => fixedValues.TryGetValue(p.Name, out var v) ? v : p.Default);

            var varied = new List<VariedModel>();
            foreach (var item in h.Clauses.OfType<VaryClause>().SelectMany(v => v.Items))
            {
                var p = catalog.FindParameter(item.Parameter)!;
                var type = CSharp.TypeOf(p);
                varied.Add(item.Domain switch
                {
                    RangeDomain r => new VariedModel(p.Name, CSharp.Pascal(p.Name), type, "range",
                        CSharp.Literal(p, r.Low.Value), CSharp.Literal(p, r.High.Value), r.Log, EquatableArray<string>.Empty),
                    SetDomain s => new VariedModel(p.Name, CSharp.Pascal(p.Name), type, "set", "", "", false,
                        s.Values.Select(v => v.Value).Distinct().Select(v => CSharp.Literal(p, v)).ToEquatableArray()),
                    _ => throw new InvalidOperationException("unknown domain"),
                });
                point.Remove(p.Name);
            }
            var properties = varied.ToDictionary(v => v.Parameter, v => v.Property);

            var assumes = h.Clauses.OfType<AssumeClause>().Select(a => a.Condition).ToList();
            var assumeCompiler = new PredicateCompiler(catalog, "this", properties, point);
            string assumeCode = assumes.Count == 0 ? "true" : string.Join(" && ", assumes.Select(assumeCompiler.Compile));

            var claim = h.Clauses.OfType<ClaimClause>().First();
            var pairedA = claim.Pairing?.A.ToDictionary(a => a.Parameter, a => a.Value.Value);
            var pairedB = claim.Pairing?.B.ToDictionary(a => a.Parameter, a => a.Value.Value);
            var claimCode = new PredicateCompiler(catalog, "config", properties, point, pairedA, pairedB).Compile(claim.Condition);

            var status = h.Clauses.OfType<StatusClause>().FirstOrDefault();
            var trials = h.Clauses.OfType<TrialsClause>().FirstOrDefault();
            var budget = h.Clauses.OfType<BudgetClause>().FirstOrDefault();
            return new HypothesisModel(
                path, h.Name, CSharp.Pascal(h.Name), catalog.Name,
                h.Clauses.OfType<CiteClause>().FirstOrDefault()?.Text ?? "",
                claim.Quantifier == ClaimQuantifier.Always ? "always" : "sometimes",
                claim.Pairing != null,
                trials == null ? 1 : (int)trials.Count.Value.Number,
                budget == null ? 0 : (int)budget.Count.Value.Number,
                status == null ? "unknown" : status.NamesFinding ? (status.Kind == StatusKind.Refuted ? "refuted by " : "witnessed by ") + status.Finding : status.Kind.ToString().ToLowerInvariant(),
                status == null ? "unknown" : status.Kind.ToString().ToLowerInvariant(),
                status == null || !status.NamesFinding ? "" : status.Finding,
                PrettyPrinter.Print(h),
                scenario.Fixed.Select(a => new AssignmentModel(a.Parameter, CSharp.ParameterValue(a.Value.Value))).ToEquatableArray(),
                varied.ToEquatableArray(),
                Assignments(claim.Pairing?.A), Assignments(claim.Pairing?.B),
                assumeCode, claimCode, PrettyPrinter.Print(claim.Condition));
        }

        static EquatableArray<AssignmentModel> Assignments(IReadOnlyList<AssignmentSyntax>? assignments) =>
            (assignments ?? new AssignmentSyntax[0]).Select(a => new AssignmentModel(a.Parameter, CSharp.ParameterValue(a.Value.Value))).ToEquatableArray();
    }
}
