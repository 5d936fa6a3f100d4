using System;
using System.Collections.Generic;
using System.Linq;
using InterpLoop.Spec.Catalog;
using InterpLoop.Spec.Checking;
using InterpLoop.Spec.Syntax;

namespace InterpLoop.Spec
{
    /// <summary>
    /// A hypothesis that passed the checker, in the form the hunt consumes: its region (every parameter's
    /// domain), the varied parameters in the order written, the assume and claim predicates, the paired
    /// assignments, trials, budget and status. Built only from error-free syntax; it does not re-check.
    /// </summary>
    public sealed class Hypothesis
    {
        Hypothesis(string name, string specPath, ScenarioCatalog catalog, Region region, IReadOnlyList<string> varied,
            IReadOnlyDictionary<string, ParameterValue> @fixed, ExpressionSyntax? assume, ClaimClause claim,
            IReadOnlyDictionary<string, ParameterValue>? pairA, IReadOnlyDictionary<string, ParameterValue>? pairB,
            int trials, int? budget, StatusClause? status, string claimText, string cite)
        {
            Cite = cite;
            Name = name; SpecPath = specPath; Catalog = catalog; Region = region; Varied = varied; Fixed = @fixed;
            Assume = assume; Claim = claim; PairA = pairA; PairB = pairB; Trials = trials; Budget = budget; Status = status;
            ClaimText = claimText;
        }

        public string Name { get; }
        public string SpecPath { get; }
        /// <summary>The `cite` clauses' texts joined by "; ", or "" when there is none.</summary>
        public string Cite { get; }
        public ScenarioCatalog Catalog { get; }
        public Region Region { get; }
        /// <summary>The varied parameters, in the order the vary clause lists them.</summary>
        public IReadOnlyList<string> Varied { get; }
        /// <summary>The scenario clause's fixed assignments.</summary>
        public IReadOnlyDictionary<string, ParameterValue> Fixed { get; }
        /// <summary>All assume clauses joined by `and`, or null.</summary>
        public ExpressionSyntax? Assume { get; }
        public ClaimClause Claim { get; }
        public bool IsSometimes => Claim.Quantifier == ClaimQuantifier.Sometimes;
        public bool IsPaired => PairA != null;
        public IReadOnlyDictionary<string, ParameterValue>? PairA { get; }
        public IReadOnlyDictionary<string, ParameterValue>? PairB { get; }
        /// <summary>Seeds per configuration (1 when the spec says nothing).</summary>
        public int Trials { get; }
        /// <summary>The spec's `budget` in runs, or null when it states none.</summary>
        public int? Budget { get; }
        public StatusClause? Status { get; }
        /// <summary>The claim as the spec writes it, canonically printed (what a finding records).</summary>
        public string ClaimText { get; }
        /// <summary>
        /// The assume on a configuration: <paramref name="assignments"/> over the catalog's defaults, which is how
        /// `assume` reads names. True when there is no assume.
        /// </summary>
        public Evaluation.EvaluationResult EvaluateAssume(IReadOnlyDictionary<string, ParameterValue> assignments)
        {
            if (Assume == null) return Evaluation.EvaluationResult.Of(true);
            var all = Catalog.Parameters.ToDictionary(p => p.Name, p => p.Default);
            foreach (var kv in assignments) all[kv.Key] = kv.Value;
            return Evaluation.PredicateEvaluator.Evaluate(Assume, new Evaluation.RunValues(all));
        }

        /// <summary>Whether the assume admits the configuration (one it cannot evaluate is not admitted).</summary>
        public bool Admits(IReadOnlyDictionary<string, ParameterValue> assignments)
        {
            var r = EvaluateAssume(assignments);
            return r.Succeeded && r.Value;
        }

        /// <summary>Runs one seed of one configuration costs: two for a paired claim.</summary>
        public int RunsPerTrial => IsPaired ? 2 : 1;

        /// <summary>The hypotheses of a checked file; <paramref name="options"/> must be the ones it was checked with, and it must have no errors.</summary>
        public static IReadOnlyList<Hypothesis> FromFile(SpecFile file, SpecCheckOptions options) =>
            file.Hypotheses.Select(h => From(file.Path, h, options)).ToList();

        public static Hypothesis From(string specPath, HypothesisSyntax h, SpecCheckOptions options)
        {
            var scenario = h.Clauses.OfType<ScenarioClause>().First();
            var catalog = options.Find(scenario.Scenario) ?? throw new ArgumentException($"unknown scenario '{scenario.Scenario}': check the spec first");
            var region = new Region(catalog);
            var @fixed = new Dictionary<string, ParameterValue>();
            foreach (var a in scenario.Fixed)
            {
                @fixed[a.Parameter] = a.Value.Value;
                region.Set(a.Parameter, new FiniteDomain(new[] { a.Value.Value }));
            }
            var varied = new List<string>();
            foreach (var item in h.Clauses.OfType<VaryClause>().SelectMany(v => v.Items))
            {
                var p = catalog.FindParameter(item.Parameter)!;
                varied.Add(p.Name);
                region.Set(p.Name, item.Domain switch
                {
                    SetDomain set => new FiniteDomain(set.Values.Select(v => v.Value).Distinct().ToList()),
                    RangeDomain r => new IntervalDomain(r.Low.Value.Number, r.High.Value.Number, p.Kind == ParameterKind.Integer, r.Log),
                    _ => throw new ArgumentException($"unknown domain for {p.Name}"),
                });
            }
            var assumes = h.Clauses.OfType<AssumeClause>().Select(a => a.Condition).ToList();
            var assume = assumes.Count == 0 ? null : assumes.Aggregate((l, r) => new BinaryExpression(BinaryOperator.And, l, r, r.Span));
            var claim = h.Clauses.OfType<ClaimClause>().First();
            var trials = h.Clauses.OfType<TrialsClause>().Select(t => (int)t.Count.Value.Number).FirstOrDefault();
            var budget = h.Clauses.OfType<BudgetClause>().Select(b => (int?)(int)b.Count.Value.Number).FirstOrDefault();
            var status = h.Clauses.OfType<StatusClause>().FirstOrDefault();
            return new Hypothesis(h.Name, specPath, catalog, region, varied, @fixed, assume, claim,
                claim.Pairing?.A.ToDictionary(a => a.Parameter, a => a.Value.Value),
                claim.Pairing?.B.ToDictionary(a => a.Parameter, a => a.Value.Value),
                trials == 0 ? 1 : trials, budget, status, PrettyPrinter.Print((ClauseSyntax)claim),
                string.Join("; ", h.Clauses.OfType<CiteClause>().Select(c => c.Text)));
        }
    }
}
