using System.Collections.Generic;
using System.Linq;
using InterpLoop.Spec.Catalog;
using InterpLoop.Spec.Diagnostics;
using InterpLoop.Spec.Syntax;

namespace InterpLoop.Spec.Checking
{
    /// <summary>
    /// Types an `assume` or `claim` predicate against the scenario's catalog. A name is a metric, a parameter,
    /// or (only where compared with a symbolic metric or parameter) a symbol; anything else is unknown.
    /// A mixed parameter (an integer that can also be a named value, as probe.layer = all) compares for
    /// equality with numbers and with its own symbols, but is never ordered or used in arithmetic: `all`
    /// has no place on the number line.
    /// Reports each problem once: a subterm that already failed is not blamed again by its parents.
    /// </summary>
    internal sealed class PredicateChecker
    {
        enum Kind { Number, Symbolic, Mixed, Condition, Word, Failed }

        readonly struct Typed
        {
            public Typed(Kind kind, ExpressionSyntax node, string name = "", IReadOnlyList<string>? choices = null, string? values = null)
            { Kind = kind; Node = node; Name = name; Choices = choices ?? new string[0]; Values = values ?? string.Join(", ", Choices); }
            public Kind Kind { get; }
            public ExpressionSyntax Node { get; }
            public string Name { get; }
            /// <summary>The symbols of a symbolic or mixed term.</summary>
            public IReadOnlyList<string> Choices { get; }
            /// <summary>Its values as messages list them: the symbols, or for a mixed parameter its range and symbols (1 .. 2, all).</summary>
            public string Values { get; }
        }

        readonly ScenarioCatalog _catalog;
        readonly bool _allowMetrics;
        readonly HashSet<string>? _pairedParameters;
        readonly List<Diagnostic> _diagnostics;

        PredicateChecker(ScenarioCatalog catalog, bool allowMetrics, HashSet<string>? pairedParameters, List<Diagnostic> diagnostics)
        {
            _catalog = catalog; _allowMetrics = allowMetrics; _pairedParameters = pairedParameters; _diagnostics = diagnostics;
        }

        /// <summary>Checks a predicate; returns whether it is clean. <paramref name="pairedParameters"/> is null outside a paired claim.</summary>
        public static bool Check(ExpressionSyntax predicate, ScenarioCatalog catalog, bool allowMetrics, HashSet<string>? pairedParameters, List<Diagnostic> diagnostics)
        {
            int before = diagnostics.Count;
            var checker = new PredicateChecker(catalog, allowMetrics, pairedParameters, diagnostics);
            checker.RequireCondition(checker.Infer(predicate));
            return diagnostics.Count == before;
        }

        void Report(DiagnosticDescriptor descriptor, SourceSpan span, params object[] args) =>
            _diagnostics.Add(Diagnostic.Create(descriptor, span, args));

        static string Show(ExpressionSyntax e) => "'" + PrettyPrinter.Print(e) + "'";

        void UnknownWord(Typed t)
        {
            var nearest = NameSuggester.Nearest(t.Name, _catalog.Metrics.Select(m => m.Name).Concat(_catalog.Parameters.Select(p => p.Name)));
            var d = Diagnostic.Create(DiagnosticDescriptors.UnknownName, t.Node.Span, t.Name, _catalog.Name);
            _diagnostics.Add(nearest == null ? d : d.WithHint($"did you mean '{nearest}'?"));
        }

        Typed Resolve(string name, ExpressionSyntax node, bool indexed)
        {
            var metric = _catalog.FindMetric(name);
            if (metric != null)
            {
                if (!_allowMetrics) { Report(DiagnosticDescriptors.MetricInAssume, node.Span, name); return new Typed(Kind.Failed, node); }
                if (_pairedParameters != null && !indexed) { Report(DiagnosticDescriptors.AmbiguousInPaired, node.Span, name); return new Typed(Kind.Failed, node); }
                return metric.IsSymbolic ? new Typed(Kind.Symbolic, node, name, metric.Choices) : new Typed(Kind.Number, node, name);
            }
            var parameter = _catalog.FindParameter(name);
            if (parameter != null)
            {
                if (_pairedParameters != null && !indexed && _pairedParameters.Contains(name))
                { Report(DiagnosticDescriptors.AmbiguousInPaired, node.Span, name); return new Typed(Kind.Failed, node); }
                if (parameter.IsMixed)
                    return new Typed(Kind.Mixed, node, name, parameter.Choices,
                        ParameterInfo.Format(parameter.Min) + " .. " + ParameterInfo.Format(parameter.Max) + ", " + string.Join(", ", parameter.Choices));
                return parameter.Kind == ParameterKind.Choice ? new Typed(Kind.Symbolic, node, name, parameter.Choices) : new Typed(Kind.Number, node, name);
            }
            return new Typed(Kind.Word, node, name);
        }

        Typed Infer(ExpressionSyntax e)
        {
            switch (e)
            {
                case NumberExpression: return new Typed(Kind.Number, e);
                case NameExpression n: return Resolve(n.Name, n, false);
                case IndexedExpression i:
                {
                    if (_pairedParameters == null) { Report(DiagnosticDescriptors.IndexOutsidePaired, i.Span, i.Name, i.Run); return new Typed(Kind.Failed, e); }
                    var t = Resolve(i.Name, i, true);
                    if (t.Kind == Kind.Word) { UnknownWord(t); return new Typed(Kind.Failed, e); }
                    return t;
                }
                case UnaryExpression u when u.Operator == UnaryOperator.Not:
                    return RequireCondition(Infer(u.Operand)) ? new Typed(Kind.Condition, e) : new Typed(Kind.Failed, e);
                case UnaryExpression u:
                    return RequireNumber(Infer(u.Operand), "negated") ? new Typed(Kind.Number, e) : new Typed(Kind.Failed, e);
                case BinaryExpression b when Operators.IsLogical(b.Operator):
                {
                    bool l = RequireCondition(Infer(b.Left)), r = RequireCondition(Infer(b.Right));
                    return new Typed(l && r ? Kind.Condition : Kind.Failed, e);
                }
                case BinaryExpression b when Operators.IsArithmetic(b.Operator):
                {
                    bool l = RequireNumber(Infer(b.Left), "used in arithmetic"), r = RequireNumber(Infer(b.Right), "used in arithmetic");
                    return new Typed(l && r ? Kind.Number : Kind.Failed, e);
                }
                case BinaryExpression b when b.Operator == BinaryOperator.Equal || b.Operator == BinaryOperator.NotEqual:
                    return Equality(Infer(b.Left), Infer(b.Right), e);
                case BinaryExpression b:
                {
                    var verb = $"ordered with {Operators.Text(b.Operator)}";
                    bool l = RequireNumber(Infer(b.Left), verb), r = RequireNumber(Infer(b.Right), verb);
                    return new Typed(l && r ? Kind.Condition : Kind.Failed, e);
                }
                case InExpression i: return Membership(Infer(i.Item), i);
                default: return new Typed(Kind.Failed, e);
            }
        }

        Typed Equality(Typed l, Typed r, ExpressionSyntax e)
        {
            // A word beside a failed term is most likely a symbol of it: blaming it too would be a cascade.
            if (l.Kind == Kind.Failed || r.Kind == Kind.Failed) return new Typed(Kind.Failed, e);
            if (l.Kind == Kind.Condition || r.Kind == Kind.Condition)
            {
                var c = l.Kind == Kind.Condition ? l : r;
                Report(DiagnosticDescriptors.NotACondition, c.Node.Span, Show(c.Node), "a condition", "a number or a symbol");
                return new Typed(Kind.Failed, e);
            }
            if (l.Kind == Kind.Mixed || r.Kind == Kind.Mixed)
            {
                var m = l.Kind == Kind.Mixed ? l : r;
                var other = l.Kind == Kind.Mixed ? r : l;
                if (other.Kind == Kind.Word) return Symbol(other, m) ? new Typed(Kind.Condition, e) : new Typed(Kind.Failed, e);
                return new Typed(Kind.Condition, e);
            }
            if (l.Kind == Kind.Number && r.Kind == Kind.Number) return new Typed(Kind.Condition, e);
            if (l.Kind == Kind.Symbolic && r.Kind == Kind.Symbolic) return new Typed(Kind.Condition, e);
            if (l.Kind == Kind.Symbolic && r.Kind == Kind.Word) return Symbol(r, l) ? new Typed(Kind.Condition, e) : new Typed(Kind.Failed, e);
            if (r.Kind == Kind.Symbolic && l.Kind == Kind.Word) return Symbol(l, r) ? new Typed(Kind.Condition, e) : new Typed(Kind.Failed, e);
            if (l.Kind == Kind.Symbolic || r.Kind == Kind.Symbolic)
            {
                var s = l.Kind == Kind.Symbolic ? l : r;
                var other = l.Kind == Kind.Symbolic ? r : l;
                if (other.Kind == Kind.Word) UnknownWord(other);
                else Report(DiagnosticDescriptors.SymbolNumberMix, s.Node.Span, $"'{s.Name}'", s.Values, "compared with a number");
                return new Typed(Kind.Failed, e);
            }
            if (l.Kind == Kind.Word) UnknownWord(l);
            if (r.Kind == Kind.Word) UnknownWord(r);
            return new Typed(Kind.Failed, e);
        }

        /// <summary>A word compared with a symbolic metric or parameter must be one of its symbols.</summary>
        bool Symbol(Typed word, Typed symbolic)
        {
            if (symbolic.Choices.Contains(word.Name)) return true;
            var d = Diagnostic.Create(DiagnosticDescriptors.UnknownSymbol, word.Node.Span, word.Name, symbolic.Name, symbolic.Values);
            var nearest = NameSuggester.Nearest(word.Name, symbolic.Choices);
            _diagnostics.Add(nearest == null ? d : d.WithHint($"did you mean '{nearest}'? {d.Hint}"));
            return false;
        }

        Typed Membership(Typed item, InExpression e)
        {
            bool ok = true;
            switch (item.Kind)
            {
                case Kind.Failed: return new Typed(Kind.Failed, e);
                case Kind.Word: UnknownWord(item); return new Typed(Kind.Failed, e);
                case Kind.Condition:
                    Report(DiagnosticDescriptors.NotACondition, item.Node.Span, Show(item.Node), "a condition", "a number or a symbol");
                    return new Typed(Kind.Failed, e);
                case Kind.Symbolic:
                    foreach (var element in e.Elements)
                    {
                        if (element is NameExpression n) ok &= Symbol(new Typed(Kind.Word, n, n.Name), item);
                        else
                        {
                            Report(DiagnosticDescriptors.SymbolNumberMix, item.Node.Span, $"'{item.Name}'", item.Values, "compared with the number " + PrettyPrinter.Print(element));
                            ok = false;
                        }
                    }
                    break;
                case Kind.Mixed:
                    foreach (var element in e.Elements.OfType<NameExpression>())
                        ok &= Symbol(new Typed(Kind.Word, element, element.Name), item);
                    break;
                default:
                    foreach (var element in e.Elements.OfType<NameExpression>())
                    {
                        Report(DiagnosticDescriptors.NotACondition, element.Span, $"'{element.Name}'", "a symbol", "a number (the set's item is numeric)");
                        ok = false;
                    }
                    break;
            }
            return new Typed(ok ? Kind.Condition : Kind.Failed, e);
        }

        bool RequireNumber(Typed t, string verb)
        {
            switch (t.Kind)
            {
                case Kind.Number: return true;
                case Kind.Symbolic:
                    Report(DiagnosticDescriptors.SymbolNumberMix, t.Node.Span, $"'{t.Name}'", t.Values, verb);
                    return false;
                case Kind.Mixed:
                    _diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.SymbolNumberMix, t.Node.Span, $"'{t.Name}'", t.Values, verb)
                        .WithHint($"{t.Name} can be {string.Join(" or ", t.Choices)}, which has no order and no arithmetic: compare it with ==, != or in {{ … }}"));
                    return false;
                case Kind.Word: UnknownWord(t); return false;
                case Kind.Condition:
                    Report(DiagnosticDescriptors.NotACondition, t.Node.Span, Show(t.Node), "a condition", "a number");
                    return false;
                default: return false;
            }
        }

        bool RequireCondition(Typed t)
        {
            switch (t.Kind)
            {
                case Kind.Condition: return true;
                case Kind.Number:
                    Report(DiagnosticDescriptors.NotACondition, t.Node.Span, Show(t.Node), "a number", "a condition (a comparison)");
                    return false;
                case Kind.Symbolic:
                    Report(DiagnosticDescriptors.NotACondition, t.Node.Span, Show(t.Node), "a symbol", "a condition (a comparison)");
                    return false;
                case Kind.Mixed:
                    Report(DiagnosticDescriptors.NotACondition, t.Node.Span, Show(t.Node), "a number or a symbol", "a condition (a comparison)");
                    return false;
                case Kind.Word: UnknownWord(t); return false;
                default: return false;
            }
        }
    }
}
