using System;
using System.Collections.Generic;
using System.Linq;
using InterpLoop.Spec.Catalog;
using InterpLoop.Spec.Evaluation;
using InterpLoop.Spec.Syntax;

namespace InterpLoop.Spec.Checking
{
    /// <summary>
    /// Decides whether some point of a region satisfies an (already checked) assume. Exactly, when the assume
    /// is and/or/not over comparisons that are linear in one parameter (2 * kl.beta + 1 &gt; 3) and over
    /// set membership: the negations are pushed inward, the formula is put in disjunctive normal form, and a
    /// conjunct is satisfiable when each parameter's domain meets the intersection of its constraints
    /// (parameters vary independently). Otherwise by sampling <see cref="Samples"/> points with a fixed seed,
    /// so the checker stays deterministic.
    /// </summary>
    public static class AssumeSatisfiability
    {
        public const int Samples = 10000;
        const int MaxConjuncts = 4096;

        public enum Method { Exact, Sampled }

        public readonly record struct Verdict(bool Satisfiable, Method Method);

        public static Verdict Decide(ExpressionSyntax assume, Region region)
        {
            var exact = Exact(assume, region);
            if (exact is bool satisfiable) return new Verdict(satisfiable, Method.Exact);
            return new Verdict(Sample(assume, region), Method.Sampled);
        }

        /// <summary>In words, for the IL0012 message.</summary>
        public static string Describe(Method method) => method == Method.Exact
            ? "decided exactly by interval and set reasoning"
            : $"sampled {Samples} points with a fixed seed and none satisfied it: with 95% confidence under {300.0 / Samples:0.##}% of the region does";

        // An atom constrains one varied parameter; Test decides a value, Set is its exact numeric solution set.
        sealed class Atom
        {
            public Atom(string parameter, Func<ParameterValue, bool> test, IntervalSet? set) { Parameter = parameter; Test = test; Set = set; }
            public string Parameter { get; }
            public Func<ParameterValue, bool> Test { get; }
            public IntervalSet? Set { get; }
        }

        // Disjunctive normal form: a list of conjuncts, each a list of atoms. Empty list = false; one empty conjunct = true.
        sealed class Dnf
        {
            public Dnf(List<List<Atom>> conjuncts) { Conjuncts = conjuncts; }
            public List<List<Atom>> Conjuncts { get; }
            public static Dnf True => new Dnf(new List<List<Atom>> { new List<Atom>() });
            public static Dnf False => new Dnf(new List<List<Atom>>());
            public static Dnf Of(Atom a) => new Dnf(new List<List<Atom>> { new List<Atom> { a } });
            public static Dnf Of(bool b) => b ? True : False;
        }

        static bool? Exact(ExpressionSyntax assume, Region region)
        {
            var dnf = ToDnf(assume, false, region);
            if (dnf == null) return null;
            foreach (var conjunct in dnf.Conjuncts)
                if (conjunct.GroupBy(a => a.Parameter).All(g => Meets(region[g.Key], g.ToList(), region.Catalog.FindParameter(g.Key)!)))
                    return true;
            return false;
        }

        static bool Meets(ParameterDomain domain, List<Atom> atoms, ParameterInfo parameter)
        {
            if (domain is FiniteDomain finite) return finite.Values.Any(v => atoms.All(a => a.Test(v)));
            var interval = (IntervalDomain)domain;
            var set = IntervalSet.Closed(interval.Low, interval.High);
            foreach (var a in atoms)
            {
                if (a.Set == null) return true; // unreachable for checked numeric atoms; err on "satisfiable"
                set = set.Intersect(a.Set);
            }
            return !set.IsEmpty(parameter.Kind == ParameterKind.Integer);
        }

        static Dnf? ToDnf(ExpressionSyntax e, bool negate, Region region)
        {
            switch (e)
            {
                case UnaryExpression u when u.Operator == UnaryOperator.Not: return ToDnf(u.Operand, !negate, region);
                case BinaryExpression b when Operators.IsLogical(b.Operator):
                {
                    var l = ToDnf(b.Left, negate, region);
                    var r = ToDnf(b.Right, negate, region);
                    if (l == null || r == null) return null;
                    bool conjunction = (b.Operator == BinaryOperator.And) != negate;
                    if (conjunction) return And(l, r);
                    return l.Conjuncts.Count + r.Conjuncts.Count > MaxConjuncts ? null : new Dnf(l.Conjuncts.Concat(r.Conjuncts).ToList());
                }
                case BinaryExpression b when Operators.IsComparison(b.Operator): return Comparison(b, b.Operator, b.Left, b.Right, negate, region);
                case InExpression i:
                {
                    // x in { a, b } is x == a or x == b; its negation is x != a and x != b.
                    var result = negate ? Dnf.True : Dnf.False;
                    foreach (var element in i.Elements)
                    {
                        var eq = Comparison(i, BinaryOperator.Equal, i.Item, element, negate, region);
                        if (eq == null) return null;
                        var next = negate ? And(result, eq) : new Dnf(result.Conjuncts.Concat(eq.Conjuncts).ToList());
                        if (next == null || next.Conjuncts.Count > MaxConjuncts) return null;
                        result = next;
                    }
                    return result;
                }
                default: return null;
            }
        }

        static Dnf? And(Dnf l, Dnf r)
        {
            if ((long)l.Conjuncts.Count * r.Conjuncts.Count > MaxConjuncts) return null;
            return new Dnf(l.Conjuncts.SelectMany(x => r.Conjuncts.Select(y => x.Concat(y).ToList())).ToList());
        }

        static BinaryOperator Negated(BinaryOperator op) => op switch
        {
            BinaryOperator.Equal => BinaryOperator.NotEqual,
            BinaryOperator.NotEqual => BinaryOperator.Equal,
            BinaryOperator.Less => BinaryOperator.GreaterOrEqual,
            BinaryOperator.LessOrEqual => BinaryOperator.Greater,
            BinaryOperator.Greater => BinaryOperator.LessOrEqual,
            _ => BinaryOperator.Less,
        };

        static BinaryOperator Mirrored(BinaryOperator op) => op switch
        {
            BinaryOperator.Less => BinaryOperator.Greater,
            BinaryOperator.LessOrEqual => BinaryOperator.GreaterOrEqual,
            BinaryOperator.Greater => BinaryOperator.Less,
            BinaryOperator.GreaterOrEqual => BinaryOperator.LessOrEqual,
            _ => op,
        };

        static bool Compare(double x, BinaryOperator op, double k) => op switch
        {
            BinaryOperator.Equal => x == k,
            BinaryOperator.NotEqual => x != k,
            BinaryOperator.Less => x < k,
            BinaryOperator.LessOrEqual => x <= k,
            BinaryOperator.Greater => x > k,
            _ => x >= k,
        };

        static Dnf? Comparison(ExpressionSyntax node, BinaryOperator op, ExpressionSyntax left, ExpressionSyntax right, bool negate, Region region)
        {
            if (negate) op = Negated(op);
            var catalog = region.Catalog;
            var lp = left is NameExpression ln ? catalog.FindParameter(ln.Name) : null;
            var rp = right is NameExpression rn ? catalog.FindParameter(rn.Name) : null;
            if (lp?.AcceptsSymbols == true || rp?.AcceptsSymbols == true)
            {
                // A choice or mixed parameter against one literal, by equality only (the checker allows no order on
                // them). A number never equals a symbol, so probe.layer == all fails at 2 and probe.layer != 2 holds at all.
                if (lp != null && rp != null) return null;
                if (op != BinaryOperator.Equal && op != BinaryOperator.NotEqual) return null;
                var parameter = (lp ?? rp)!;
                ParameterValue constant;
                switch (lp != null ? right : left)
                {
                    case NameExpression symbol: constant = ParameterValue.Of(symbol.Name); break;
                    case NumberExpression number: constant = ParameterValue.Of(number.Value); break;
                    default: return null;
                }
                bool equal = op == BinaryOperator.Equal;
                var point = region.PointValue(parameter.Name);
                if (point is ParameterValue v) return Dnf.Of((v == constant) == equal);
                // On a numeric range (a mixed parameter varied over 1 .. 2) only the numbers count.
                var set = constant.IsSymbol ? (equal ? IntervalSet.None : IntervalSet.All) : IntervalSet.Where(op, constant.Number);
                return Dnf.Of(new Atom(parameter.Name, x => (x == constant) == equal, set));
            }
            var l = Linear.Of(left, region);
            var r = Linear.Of(right, region);
            if (l == null || r == null) return null;
            var d = l.Value.Minus(r.Value);
            if (d == null) return null;
            var (name, a, b) = d.Value;
            // a·x + b op 0: constant when x is absent; otherwise x op' −b/a, flipping the order when a < 0.
            if (name == null || a == 0) return Dnf.Of(Compare(b, op, 0));
            var k = -b / a;
            var solved = a < 0 ? Mirrored(op) : op;
            return Dnf.Of(new Atom(name, x => !x.IsSymbol && Compare(x.Number, solved, k), IntervalSet.Where(solved, k)));
        }

        /// <summary>a·x + b for one varied parameter x (null name: a constant).</summary>
        readonly record struct Linear(string? Name, double A, double B)
        {
            public Linear? Minus(Linear o) => Plus(o.Scale(-1));

            public Linear? Plus(Linear o)
            {
                if (Name != null && o.Name != null && Name != o.Name) return null;
                return new Linear(Name ?? o.Name, A + o.A, B + o.B);
            }

            public Linear Scale(double k) => new Linear(Name, A * k, B * k);

            public static Linear? Of(ExpressionSyntax e, Region region)
            {
                switch (e)
                {
                    case NumberExpression n: return new Linear(null, 0, n.Value);
                    case NameExpression n:
                        var p = region.Catalog.FindParameter(n.Name);
                        if (p == null || p.AcceptsSymbols) return null;
                        var point = region.PointValue(p.Name);
                        return point is ParameterValue v ? new Linear(null, 0, v.Number) : new Linear(p.Name, 1, 0);
                    case UnaryExpression u when u.Operator == UnaryOperator.Negate:
                        return Of(u.Operand, region)?.Scale(-1);
                    case BinaryExpression b when Operators.IsArithmetic(b.Operator):
                        var l = Of(b.Left, region);
                        var r = Of(b.Right, region);
                        if (l == null || r == null) return null;
                        switch (b.Operator)
                        {
                            case BinaryOperator.Add: return l.Value.Plus(r.Value);
                            case BinaryOperator.Subtract: return l.Value.Minus(r.Value);
                            case BinaryOperator.Multiply:
                                if (l.Value.Name == null) return r.Value.Scale(l.Value.B);
                                if (r.Value.Name == null) return l.Value.Scale(r.Value.B);
                                return null;
                            default:
                                if (r.Value.Name != null || r.Value.B == 0) return null;
                                return l.Value.Scale(1 / r.Value.B);
                        }
                    default: return null;
                }
            }
        }

        static bool Sample(ExpressionSyntax assume, Region region)
        {
            var values = new Dictionary<string, ParameterValue>();
            var varied = new List<(string Name, ParameterDomain Domain)>();
            foreach (var kv in region.Domains)
            {
                if (region.PointValue(kv.Key) is ParameterValue v) values[kv.Key] = v;
                else varied.Add((kv.Key, kv.Value));
            }
            var run = new RunValues(values);
            ulong state = 0x9E3779B97F4A7C15UL;
            for (int i = 0; i < Samples; i++)
            {
                foreach (var (name, domain) in varied) values[name] = Draw(domain, ref state);
                var result = PredicateEvaluator.Evaluate(assume, run);
                if (!result.Succeeded || result.Value) return true;
            }
            return false;
        }

        static ParameterValue Draw(ParameterDomain domain, ref ulong state)
        {
            double u = NextUnit(ref state);
            if (domain is FiniteDomain f) return f.Values[Math.Min(f.Values.Count - 1, (int)(u * f.Values.Count))];
            var d = (IntervalDomain)domain;
            double x = d.Log && d.Low > 0 ? Math.Exp(Math.Log(d.Low) + u * (Math.Log(d.High) - Math.Log(d.Low))) : d.Low + u * (d.High - d.Low);
            if (d.Integer) x = Math.Min(d.High, Math.Max(d.Low, Math.Round(x)));
            return ParameterValue.Of(x);
        }

        // SplitMix64: tiny, and unlike System.Random its sequence is fixed by this code, not by the runtime.
        static double NextUnit(ref ulong state)
        {
            ulong z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (z >> 11) * (1.0 / (1UL << 53));
        }
    }
}
