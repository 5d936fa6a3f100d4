using System.Collections.Generic;
using System.Linq;
using InterpLoop.Spec.Catalog;
using InterpLoop.Spec.Diagnostics;
using InterpLoop.Spec.Syntax;

namespace InterpLoop.Spec.Checking
{
    /// <summary>
    /// The checker: a pass over a parsed file against the scenario catalogs. It reports problems as values,
    /// never throws, and reads the outside world only through <see cref="SpecCheckOptions"/>.
    /// </summary>
    public static class SpecChecker
    {
        static readonly string[] OnceOnly = { "scenario", "vary", "trials", "budget", "claim", "status" };

        /// <summary>The largest budget a hypothesis may state: more training runs than any hunt on one machine spends.</summary>
        public const int MaxBudget = 100000;

        public static IReadOnlyList<Diagnostic> Check(SpecFile file, SpecCheckOptions options)
        {
            var diagnostics = new List<Diagnostic>();
            var names = new Dictionary<string, HypothesisSyntax>();
            foreach (var h in file.Hypotheses)
            {
                if (names.TryGetValue(h.Name, out var first))
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.DuplicateHypothesis, h.NameSpan, h.Name, first.NameSpan.Line));
                else names[h.Name] = h;
                CheckHypothesis(h, options, diagnostics);
            }
            return diagnostics.OrderBy(d => d.Span.Offset).ToList();
        }

        static void CheckHypothesis(HypothesisSyntax h, SpecCheckOptions options, List<Diagnostic> diagnostics)
        {
            foreach (var keyword in OnceOnly)
            {
                var clauses = h.Clauses.Where(c => c.Keyword == keyword).ToList();
                foreach (var extra in clauses.Skip(1))
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.DuplicateClause, extra.Span, h.Name, keyword, clauses[0].Span.Line));
            }
            var scenario = h.Clauses.OfType<ScenarioClause>().FirstOrDefault();
            if (scenario == null && !h.BrokenClauses.Contains("scenario"))
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.MissingClause, h.NameSpan, h.Name, "scenario"));
            if (!h.Clauses.OfType<ClaimClause>().Any() && !h.BrokenClauses.Contains("claim"))
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.MissingClause, h.NameSpan, h.Name, "claim"));

            foreach (var trials in h.Clauses.OfType<TrialsClause>())
                if (!IsWholeNumber(trials.Count.Value, 1, int.MaxValue))
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidTrials, trials.Count.Span, trials.Count.Text));
            CheckBudget(h, diagnostics);
            foreach (var status in h.Clauses.OfType<StatusClause>())
            {
                if (status.NamesFinding && (status.Finding.Length == 0 || !options.FindingExists(status.Finding)))
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.FindingMissing, status.FindingSpan, status.Finding));
                CheckStatusFitsClaim(status, h.Clauses.OfType<ClaimClause>().FirstOrDefault(), diagnostics);
            }

            if (scenario == null) return;
            var catalog = options.Find(scenario.Scenario);
            if (catalog == null)
            {
                var d = Diagnostic.Create(DiagnosticDescriptors.UnknownScenario, scenario.ScenarioSpan, scenario.Scenario,
                    string.Join(", ", options.Scenarios.Select(s => s.Name)));
                var nearest = NameSuggester.Nearest(scenario.Scenario, options.Scenarios.Select(s => s.Name));
                diagnostics.Add(nearest == null ? d : d.WithHint($"did you mean '{nearest}'?"));
                // Without a catalog every name below would be reported as unknown: say it once, here.
                return;
            }

            var region = new Region(catalog);
            bool regionValid = true;
            var fixedAt = new Dictionary<string, AssignmentSyntax>();
            foreach (var a in h.Clauses.OfType<ScenarioClause>().SelectMany(s => s.Fixed))
            {
                var p = Parameter(catalog, a.Parameter, a.ParameterSpan, diagnostics);
                if (p == null) { regionValid = false; continue; }
                if (fixedAt.TryGetValue(a.Parameter, out var earlier))
                {
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.AssignedTwice, a.ParameterSpan, a.Parameter, "fixed", earlier.ParameterSpan.Line));
                    regionValid = false; continue;
                }
                fixedAt[a.Parameter] = a;
                if (CheckValue(p, a.Value, diagnostics)) region.Set(p.Name, new FiniteDomain(new[] { a.Value.Value }));
                else regionValid = false;
            }

            var variedAt = new Dictionary<string, VaryItemSyntax>();
            foreach (var item in h.Clauses.OfType<VaryClause>().SelectMany(v => v.Items))
            {
                var p = Parameter(catalog, item.Parameter, item.ParameterSpan, diagnostics);
                if (p == null) { regionValid = false; continue; }
                if (fixedAt.TryGetValue(item.Parameter, out var fixedOne))
                {
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.FixedAndVaried, item.ParameterSpan, item.Parameter, fixedOne.ParameterSpan.Line));
                    regionValid = false; continue;
                }
                if (variedAt.TryGetValue(item.Parameter, out var earlier))
                {
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.AssignedTwice, item.ParameterSpan, item.Parameter, "varied", earlier.ParameterSpan.Line));
                    regionValid = false; continue;
                }
                variedAt[item.Parameter] = item;
                var domain = CheckDomain(p, item, diagnostics);
                if (domain != null) region.Set(p.Name, domain); else regionValid = false;
            }

            var assumes = h.Clauses.OfType<AssumeClause>().ToList();
            bool assumesClean = true;
            foreach (var assume in assumes)
                assumesClean &= PredicateChecker.Check(assume.Condition, catalog, allowMetrics: false, null, diagnostics);
            if (assumes.Count > 0 && assumesClean && regionValid)
            {
                var all = assumes.Select(a => a.Condition).Aggregate((l, r) => new BinaryExpression(BinaryOperator.And, l, r, r.Span));
                var verdict = AssumeSatisfiability.Decide(all, region);
                if (!verdict.Satisfiable)
                {
                    var used = Names(all).Where(n => catalog.FindParameter(n) != null).Distinct()
                        .Select(n => $"{n} in {region[n]}");
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.VacuousAssume, assumes[0].Span, AssumeSatisfiability.Describe(verdict.Method))
                        .WithHint("the region has " + string.Join(", ", used) + "; widen the vary ranges or relax the assume"));
                }
            }

            foreach (var claim in h.Clauses.OfType<ClaimClause>())
            {
                HashSet<string>? paired = null;
                if (claim.Pairing != null) paired = PairedAssignments.Check(claim.Pairing, catalog, fixedAt, variedAt, diagnostics);
                PredicateChecker.Check(claim.Condition, catalog, allowMetrics: true, paired, diagnostics);
            }
        }

        /// <summary>
        /// IL0028: a counterexample refutes an `always` claim and a witness shows a `sometimes` one, so `refuted by` and
        /// `witnessed by`, `holds` for an always claim and `unwitnessed` for a sometimes one, must match the quantifier.
        /// (`holds` on a sometimes claim keeps its older meaning: a re-hunt must find a witness.)
        /// </summary>
        static void CheckStatusFitsClaim(StatusClause status, ClaimClause? claim, List<Diagnostic> diagnostics)
        {
            if (claim == null) return;
            bool always = claim.Quantifier == ClaimQuantifier.Always;
            string? instead = (status.Kind, always) switch
            {
                (StatusKind.Refuted, false) => "write `status witnessed by " + PrettyPrinter.Quote(status.Finding) + "`, or `status unwitnessed` when no hunt found a witness",
                (StatusKind.Witnessed, true) => "write `status refuted by " + PrettyPrinter.Quote(status.Finding) + "`",
                (StatusKind.Unwitnessed, true) => "write `status holds` (no counterexample within the budget)",
                _ => null,
            };
            if (instead != null)
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.StatusDoesNotFitClaim, status.Span, status.Text,
                    always ? "always" : "sometimes", instead));
        }

        static bool IsWholeNumber(ParameterValue v, double min, double max) =>
            !v.IsSymbol && v.Number >= min && v.Number <= max && v.Number == System.Math.Floor(v.Number);

        /// <summary>
        /// IL0025 (a budget outside 1 .. <see cref="MaxBudget"/>), IL0026 (`status holds` with no budget for its
        /// regression test to spend) and IL0027 (a budget below what one configuration costs: trials runs, twice
        /// that for a paired claim; a hypothesis without trials has 1).
        /// </summary>
        static void CheckBudget(HypothesisSyntax h, List<Diagnostic> diagnostics)
        {
            var budgets = h.Clauses.OfType<BudgetClause>().ToList();
            foreach (var budget in budgets)
                if (!IsWholeNumber(budget.Count.Value, 1, MaxBudget))
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidBudget, budget.Count.Span, budget.Count.Text));

            // A budget clause that is present but invalid, or dropped for a syntax error, has already been reported.
            var holds = h.Clauses.OfType<StatusClause>().FirstOrDefault(s => s.RestsOnBudget);
            if (holds != null && budgets.Count == 0 && !h.BrokenClauses.Contains("budget"))
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.HoldsWithoutBudget, holds.Span, h.Name, holds.Text));

            // The cost of one configuration and its fresh-seed reproduction needs a known trial count: a valid trials clause, or none at all (1).
            var trials = h.Clauses.OfType<TrialsClause>().FirstOrDefault();
            if (trials == null && h.BrokenClauses.Contains("trials")) return;
            if (trials != null && !IsWholeNumber(trials.Count.Value, 1, int.MaxValue)) return;
            long perTrial = trials == null ? 1 : (long)trials.Count.Value.Number;
            string trialsText = trials == null ? "1 (the default)" : trials.Count.Text;
            bool paired = h.Clauses.OfType<ClaimClause>().FirstOrDefault()?.Pairing != null;
            long cost = HuntCosts.MinimumBudget(perTrial, paired);
            string costText = cost.ToString(System.Globalization.CultureInfo.InvariantCulture);
            string sum = $"(trials {trialsText} + {HuntCosts.FreshSeeds} fresh seeds)";
            string below = paired
                ? $"2 × {sum} = {costText} (a paired claim runs A and B for each seed)"
                : $"{sum} = {costText}";
            foreach (var budget in budgets)
                if (IsWholeNumber(budget.Count.Value, 1, MaxBudget) && budget.Count.Value.Number < cost)
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.BudgetBelowTrials, budget.Count.Span, budget.Count.Text, below, costText));
        }

        static IEnumerable<string> Names(ExpressionSyntax e) => e switch
        {
            NameExpression n => new[] { n.Name },
            UnaryExpression u => Names(u.Operand),
            BinaryExpression b => Names(b.Left).Concat(Names(b.Right)),
            InExpression i => Names(i.Item),
            _ => Enumerable.Empty<string>(),
        };

        internal static ParameterInfo? Parameter(ScenarioCatalog catalog, string name, SourceSpan span, List<Diagnostic> diagnostics)
        {
            var p = catalog.FindParameter(name);
            if (p != null) return p;
            var d = Diagnostic.Create(DiagnosticDescriptors.UnknownParameter, span, name, catalog.Name);
            var nearest = catalog.NearestParameter(name);
            if (nearest == null && catalog.FindMetric(name) != null)
                d = d.WithHint($"'{name}' is a metric, measured after a run; only parameters can be set");
            else if (nearest != null) d = d.WithHint($"did you mean '{nearest}'?");
            diagnostics.Add(d);
            return null;
        }

        /// <summary>Type first (IL0006), then domain (IL0007), so a symbol for a number is not called "out of range".</summary>
        internal static bool CheckValue(ParameterInfo p, ValueSyntax value, List<Diagnostic> diagnostics)
        {
            var v = value.Value;
            if (p.IsWrongType(v))
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.WrongType, value.Span, p.Name, value.Text, p.DescribeDomain(), p.Default));
                return false;
            }
            if (p.Contains(v)) return true;
            var d = Diagnostic.Create(DiagnosticDescriptors.OutsideDomain, value.Span, p.Name, value.Text, p.DescribeDomain(), p.Default);
            var nearest = v.IsSymbol ? NameSuggester.Nearest(value.Text, p.Choices) : null;
            diagnostics.Add(nearest == null ? d : d.WithHint($"did you mean '{nearest}'? {d.Hint}"));
            return false;
        }

        /// <summary>Every value of a small mixed domain, numbers first (1, 2, all); for a wide range its ends.</summary>
        static string ExampleSet(ParameterInfo p)
        {
            var numbers = p.Max - p.Min <= 4
                ? Enumerable.Range(0, (int)(p.Max - p.Min) + 1).Select(k => ParameterInfo.Format(p.Min + k))
                : new[] { ParameterInfo.Format(p.Min), ParameterInfo.Format(p.Max) };
            return string.Join(", ", numbers.Concat(p.Choices));
        }

        static ParameterDomain? CheckDomain(ParameterInfo p, VaryItemSyntax item, List<Diagnostic> diagnostics)
        {
            switch (item.Domain)
            {
                case SetDomain set:
                    if (set.Values.Count == 0)
                    {
                        diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.EmptyRange, set.Span, p.Name, "the empty set { }"));
                        return null;
                    }
                    bool ok = true;
                    foreach (var v in set.Values) ok &= CheckValue(p, v, diagnostics);
                    return ok ? new FiniteDomain(set.Values.Select(v => v.Value).Distinct().ToList()) : null;
                case RangeDomain range:
                    if (p.Kind == ParameterKind.Choice)
                    {
                        diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.WrongType, range.Span, p.Name, range.Low.Text + " .. " + range.High.Text, p.DescribeDomain(), p.Default)
                            .WithHint($"{p.Name} is a choice: vary it over a set, e.g. {p.Name} in {{ {string.Join(", ", p.Choices)} }}"));
                        return null;
                    }
                    // A named value (probe.layer's all) has no place on the number line: it joins a set instead.
                    var symbolBounds = new[] { range.Low, range.High }.Where(b => b.Value.IsSymbol).ToList();
                    foreach (var bound in symbolBounds)
                        diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.WrongType, bound.Span, p.Name, bound.Text, p.DescribeDomain(), p.Default)
                            .WithHint($"a range's bounds are numbers; to include {string.Join(" or ", p.Choices)}, vary {p.Name} over a set, e.g. {p.Name} in {{ {ExampleSet(p)} }}"));
                    if (symbolBounds.Count > 0) return null;
                    bool bounds = CheckValue(p, range.Low, diagnostics) & CheckValue(p, range.High, diagnostics);
                    if (!bounds) return null;
                    double lo = range.Low.Value.Number, hi = range.High.Value.Number;
                    if (lo >= hi)
                    {
                        diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.EmptyRange, range.Span, p.Name,
                            lo > hi ? $"the inverted range {range.Low.Text} .. {range.High.Text}" : $"the single point {range.Low.Text} .. {range.High.Text}"));
                        return null;
                    }
                    if (range.Log && lo <= 0)
                    {
                        diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.LogRangeNotPositive, range.Span, p.Name, range.Low.Text, range.High.Text));
                        return null;
                    }
                    return new IntervalDomain(lo, hi, p.Kind == ParameterKind.Integer, range.Log);
                default: return null;
            }
        }
    }
}
