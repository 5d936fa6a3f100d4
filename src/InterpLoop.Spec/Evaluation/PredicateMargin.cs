using System;
using InterpLoop.Spec.Catalog;
using InterpLoop.Spec.Syntax;

namespace InterpLoop.Spec.Evaluation
{
    /// <summary>
    /// A predicate's margin over a run: how far the run is from flipping it, signed by its truth, so a targeted
    /// search (Löscher and Sagonas 2017) can climb toward a violation. Robustness semantics: a comparison's
    /// margin is the distance between its sides, `and` the minimum of its operands', `or` the maximum, `not`
    /// the negation. The truth value is <see cref="PredicateEvaluator"/>'s; this walk mirrors its reading of
    /// names, runs and types so that the two cannot tell a different story about a run.
    /// </summary>
    public static class PredicateMargin
    {
        /// <summary>
        /// Magnitudes beyond this are clamped: far beyond any metric's scale, yet small enough that a search
        /// adding or scaling margins stays finite.
        /// </summary>
        public const double MaxMagnitude = 1e12;

        /// <summary>
        /// The magnitude of a symbol comparison whose slack contradicts the truth. Not 0: a true `==` with
        /// margin 0 would look like a run on the brink, which the slack's sign shows it is not.
        /// </summary>
        public const double DisagreeingSlack = 1e-6;

        /// <summary>
        /// The margin of <paramref name="predicate"/> over <paramref name="a"/> (and <paramref name="b"/> for a
        /// paired claim). <paramref name="slack"/> gives symbol comparisons on metrics (outcome == honest) a
        /// distance; without it, or when it returns null, such a comparison has magnitude 1.
        /// </summary>
        public static MarginResult Of(ExpressionSyntax predicate, RunValues a, RunValues? b = null, SymbolSlack? slack = null)
        {
            var truth = PredicateEvaluator.Evaluate(predicate, a, b);
            if (!truth.Succeeded) return new MarginResult(false, false, 0, truth.Error);
            var term = new Walk(a, b, slack).Eval(predicate);
            // A mismatch means the evaluator gained a rule this walk lacks; a silently wrong margin would
            // steer the search away from violations, so it is a bug to surface.
            if (term.Kind != Kind.Bool || term.Bool != truth.Value)
                throw new InvalidOperationException("PredicateMargin no longer mirrors PredicateEvaluator on this predicate");
            return new MarginResult(true, truth.Value, term.Margin, "");
        }

        enum Kind { Number, Symbol, Bool, Error }

        readonly struct Term
        {
            Term(Kind kind, double number, string text, bool @bool, double margin, string? metric, RunValues[]? runs)
            {
                Kind = kind; Number = number; Text = text; Bool = @bool; Margin = margin; Metric = metric; Runs = runs;
            }

            public Kind Kind { get; }
            public double Number { get; }
            public string Text { get; }
            public bool Bool { get; }
            public double Margin { get; }
            /// <summary>The metric this term's value was read from, and the runs it was read from, for the slack.</summary>
            public string? Metric { get; }
            public RunValues[]? Runs { get; }

            public static Term Of(double x) => new Term(Kind.Number, x, "", false, 0, null, null);
            public static Term Of(bool x, double margin) => new Term(Kind.Bool, 0, "", x, margin, null, null);
            public static Term Symbol(string s) => new Term(Kind.Symbol, 0, s, false, 0, null, null);
            public static readonly Term Error = new Term(Kind.Error, 0, "", false, 0, null, null);

            public static Term From(ParameterValue v, string name, RunValues[] metricRuns)
            {
                var runs = metricRuns.Length == 0 ? null : metricRuns;
                return v.IsSymbol
                    ? new Term(Kind.Symbol, 0, v.Symbol!, false, 0, runs == null ? null : name, runs)
                    : Of(v.Number);
            }
        }

        static double Magnitude(double x)
        {
            if (double.IsNaN(x)) return 0;
            x = Math.Abs(x);
            return x > MaxMagnitude ? MaxMagnitude : x;
        }

        static double Signed(bool truth, double magnitude) => truth ? magnitude : -magnitude;

        sealed class Walk
        {
            readonly RunValues a;
            readonly RunValues? b;
            readonly SymbolSlack? slack;

            public Walk(RunValues a, RunValues? b, SymbolSlack? slack) { this.a = a; this.b = b; this.slack = slack; }

            public Term Eval(ExpressionSyntax e)
            {
                switch (e)
                {
                    case NumberExpression n: return Term.Of(n.Value);
                    case NameExpression n: return Lookup(n.Name);
                    case IndexedExpression i:
                    {
                        if (b == null) return Term.Error;
                        var run = i.Run == PairedRun.A ? a : b;
                        return run.TryGet(i.Name, out var v) ? Term.From(v, i.Name, MetricRuns(i.Name, run)) : Term.Error;
                    }
                    case UnaryExpression u:
                    {
                        var x = Eval(u.Operand);
                        if (u.Operator == UnaryOperator.Not)
                            return x.Kind == Kind.Bool ? Term.Of(!x.Bool, -x.Margin) : Term.Error;
                        return x.Kind == Kind.Number ? Term.Of(-x.Number) : Term.Error;
                    }
                    case InExpression i: return In(i);
                    case BinaryExpression bin: return Binary(bin);
                    default: return Term.Error;
                }
            }

            static RunValues[] MetricRuns(string name, params RunValues[] runs) =>
                Array.FindAll(runs, r => r.Metrics.ContainsKey(name));

            Term Lookup(string name)
            {
                if (b == null) return a.TryGet(name, out var v) ? Term.From(v, name, MetricRuns(name, a)) : Term.Symbol(name);
                bool inA = a.TryGet(name, out var va), inB = b.TryGet(name, out var vb);
                if (!inA && !inB) return Term.Symbol(name);
                // Equal in both runs: either run changing would end the agreement, so both runs' slacks count.
                if (inA && inB && va == vb) return Term.From(va, name, MetricRuns(name, a, b));
                return Term.Error;
            }

            Term In(InExpression i)
            {
                var x = Eval(i.Item);
                if (x.Kind == Kind.Error) return x;
                bool found = false;
                // An empty set holds for no run, however it changes.
                double best = -MaxMagnitude;
                foreach (var element in i.Elements)
                {
                    var y = element is NameExpression n ? Term.Symbol(n.Name) : Eval(element);
                    var eq = Equal(x, y);
                    if (eq.Kind == Kind.Error)
                    {
                        // The evaluator stops at the first match, so an ill-typed element after it never counts.
                        if (found) continue;
                        return eq;
                    }
                    found |= eq.Bool;
                    best = Math.Max(best, eq.Margin);
                }
                return Term.Of(found, best);
            }

            Term Equal(Term x, Term y)
            {
                if (x.Kind == Kind.Number && y.Kind == Kind.Number)
                {
                    bool eq = x.Number == y.Number;
                    return Term.Of(eq, Signed(eq, Magnitude(x.Number - y.Number)));
                }
                if (x.Kind == Kind.Symbol && y.Kind == Kind.Symbol)
                {
                    bool eq = x.Text == y.Text;
                    return Term.Of(eq, Signed(eq, SymbolMagnitude(x, y, eq)));
                }
                if (x.Kind == Kind.Bool && y.Kind == Kind.Bool)
                {
                    bool eq = x.Bool == y.Bool;
                    return Term.Of(eq, Signed(eq, 1));
                }
                // A number never equals a symbol (probe.layer == 2 at all); one step of the parameter would flip it.
                if ((x.Kind == Kind.Number && y.Kind == Kind.Symbol) || (x.Kind == Kind.Symbol && y.Kind == Kind.Number))
                    return Term.Of(false, -1);
                return Term.Error;
            }

            /// <summary>The smallest slack that any metric side has toward the other side's symbol, else 1.</summary>
            double SymbolMagnitude(Term x, Term y, bool equal)
            {
                double? best = null;
                foreach (var (side, other) in new[] { (x, y), (y, x) })
                {
                    if (slack == null || side.Metric == null || side.Runs == null) continue;
                    foreach (var run in side.Runs)
                    {
                        var s = slack(run, side.Metric, other.Text);
                        if (s == null || double.IsNaN(s.Value)) continue;
                        double m = (s.Value > 0) == equal ? Magnitude(s.Value) : DisagreeingSlack;
                        best = best == null ? m : Math.Min(best.Value, m);
                    }
                }
                return best ?? 1;
            }

            Term Binary(BinaryExpression e)
            {
                var x = Eval(e.Left);
                if (x.Kind == Kind.Error) return x;
                if (Operators.IsLogical(e.Operator))
                {
                    if (x.Kind != Kind.Bool) return Term.Error;
                    bool and = e.Operator == BinaryOperator.And;
                    var r = Eval(e.Right);
                    // The evaluator short-circuits; the right side still tells how far the whole is from
                    // flipping, when it has a margin at all.
                    if (and ? !x.Bool : x.Bool)
                        return r.Kind == Kind.Bool ? Term.Of(x.Bool, Combine(and, x.Margin, r.Margin)) : x;
                    if (r.Kind != Kind.Bool) return Term.Error;
                    return Term.Of(r.Bool, Combine(and, x.Margin, r.Margin));
                }
                var y = Eval(e.Right);
                if (y.Kind == Kind.Error) return y;
                if (e.Operator == BinaryOperator.Equal) return Equal(x, y);
                if (e.Operator == BinaryOperator.NotEqual)
                {
                    var eq = Equal(x, y);
                    return eq.Kind == Kind.Error ? eq : Term.Of(!eq.Bool, -eq.Margin);
                }
                if (x.Kind != Kind.Number || y.Kind != Kind.Number) return Term.Error;
                double p = x.Number, q = y.Number;
                switch (e.Operator)
                {
                    case BinaryOperator.Less: return Compare(p < q, p, q);
                    case BinaryOperator.LessOrEqual: return Compare(p <= q, p, q);
                    case BinaryOperator.Greater: return Compare(p > q, p, q);
                    case BinaryOperator.GreaterOrEqual: return Compare(p >= q, p, q);
                    case BinaryOperator.Add: return Term.Of(p + q);
                    case BinaryOperator.Subtract: return Term.Of(p - q);
                    case BinaryOperator.Multiply: return Term.Of(p * q);
                    default: return Term.Of(p / q);
                }
            }

            static double Combine(bool and, double x, double y) => and ? Math.Min(x, y) : Math.Max(x, y);

            static Term Compare(bool holds, double p, double q) => Term.Of(holds, Signed(holds, Magnitude(p - q)));
        }
    }
}
