using System;
using System.Collections.Generic;
using System.Linq;
using InterpLoop.Spec.Catalog;
using InterpLoop.Spec.Syntax;

namespace InterpLoop.Generators.Model
{
    /// <summary>
    /// Compiles a checked `assume` or `claim` predicate to a C# expression with the run-time evaluator's reading:
    /// a name is a metric of the run if the catalog has that metric, else a parameter (varied: a property of the
    /// config; fixed or left alone: its constant), else a symbol. Numbers are doubles with IEEE 754 comparisons,
    /// so a comparison with NaN is false and `not` of it true, as in <c>PredicateEvaluator</c>.
    /// </summary>
    public sealed class PredicateCompiler
    {
        // Value: a mixed parameter's ParameterValue (probe.layer: an integer or all), compared only for equality.
        enum Type { Number, Symbol, Bool, Value }

        readonly ScenarioCatalog _catalog;
        readonly string _config;
        readonly IReadOnlyDictionary<string, string> _varied;              // parameter -> property
        readonly IReadOnlyDictionary<string, ParameterValue> _point;       // fixed or default values
        readonly IReadOnlyDictionary<string, ParameterValue> _pairedA, _pairedB;
        readonly bool _paired;

        /// <param name="config">The C# expression of the config record (this or config).</param>
        public PredicateCompiler(ScenarioCatalog catalog, string config, IReadOnlyDictionary<string, string> varied,
            IReadOnlyDictionary<string, ParameterValue> point, IReadOnlyDictionary<string, ParameterValue>? pairedA = null,
            IReadOnlyDictionary<string, ParameterValue>? pairedB = null)
        {
            _catalog = catalog; _config = config; _varied = varied; _point = point;
            _paired = pairedA != null;
            _pairedA = pairedA ?? new Dictionary<string, ParameterValue>();
            _pairedB = pairedB ?? new Dictionary<string, ParameterValue>();
        }

        public string Compile(ExpressionSyntax condition)
        {
            var (code, type) = Expr(condition);
            if (type != Type.Bool) throw new InvalidOperationException("the predicate is not a condition");
            return code;
        }

        (string Code, Type Type) Expr(ExpressionSyntax e)
        {
            switch (e)
            {
                case NumberExpression n: return (CSharp.Double(n.Value), Type.Number);
                case NameExpression n: return Name(n.Name, null);
                case IndexedExpression i: return Name(i.Name, i.Run);
                case UnaryExpression u:
                {
                    var (x, t) = Expr(u.Operand);
                    if (u.Operator == UnaryOperator.Not) return t == Type.Bool ? ("!" + x, Type.Bool) : throw Mismatch("not");
                    return t == Type.Number ? ("(-" + x + ")", Type.Number) : throw Mismatch("-");
                }
                case InExpression i:
                {
                    var item = Expr(i.Item);
                    var tests = i.Elements.Select(el => Equal(item, el is NameExpression n ? (CSharp.String(n.Name), Type.Symbol) : Expr(el))).ToList();
                    return (tests.Count == 0 ? "false" : "(" + string.Join(" || ", tests) + ")", Type.Bool);
                }
                case BinaryExpression b:
                {
                    var l = Expr(b.Left);
                    var r = Expr(b.Right);
                    switch (b.Operator)
                    {
                        case BinaryOperator.And:
                        case BinaryOperator.Or:
                            if (l.Type != Type.Bool || r.Type != Type.Bool) throw Mismatch(Operators.Text(b.Operator));
                            return ("(" + l.Code + (b.Operator == BinaryOperator.And ? " && " : " || ") + r.Code + ")", Type.Bool);
                        case BinaryOperator.Equal: return (Equal(l, r), Type.Bool);
                        case BinaryOperator.NotEqual: return ("!" + Equal(l, r), Type.Bool);
                    }
                    if (l.Type != Type.Number || r.Type != Type.Number) throw Mismatch(Operators.Text(b.Operator));
                    var op = Operators.Text(b.Operator);
                    return ("(" + l.Code + " " + op + " " + r.Code + ")", Operators.IsComparison(b.Operator) ? Type.Bool : Type.Number);
                }
                default: throw new InvalidOperationException("unknown expression " + e.GetType().Name);
            }
        }

        static string Equal((string Code, Type Type) l, (string Code, Type Type) r)
        {
            if (l.Type == Type.Value || r.Type == Type.Value)
            {
                // As the evaluator: a number never equals a symbol. A symbol's Number is NaN and a number's Symbol null.
                var (value, other) = l.Type == Type.Value ? (l, r) : (r, l);
                switch (other.Type)
                {
                    case Type.Value: return "(" + l.Code + " == " + r.Code + ")";
                    case Type.Number: return "(" + value.Code + ".Number == " + other.Code + ")";
                    case Type.Symbol: return "string.Equals(" + value.Code + ".Symbol, " + other.Code + ", global::System.StringComparison.Ordinal)";
                    default: throw Mismatch("==");
                }
            }
            if (l.Type != r.Type) throw Mismatch("==");
            return l.Type == Type.Symbol ? "string.Equals(" + l.Code + ", " + r.Code + ", global::System.StringComparison.Ordinal)" : "(" + l.Code + " == " + r.Code + ")";
        }

        (string Code, Type Type) Name(string name, PairedRun? run)
        {
            var metric = _catalog.FindMetric(name);
            if (metric != null)
            {
                string dictionary = run == PairedRun.B ? "b" : "a";
                string access = dictionary + "[" + CSharp.String(name) + "]";
                return metric.IsSymbolic ? (access + ".Symbol", Type.Symbol) : (access + ".Number", Type.Number);
            }
            var parameter = _catalog.FindParameter(name);
            if (parameter == null) return (CSharp.String(name), Type.Symbol);
            var type = parameter.IsMixed ? Type.Value : parameter.Kind == ParameterKind.Choice ? Type.Symbol : Type.Number;
            if (_paired && run != null)
            {
                var side = run == PairedRun.A ? _pairedA : _pairedB;
                if (side.TryGetValue(name, out var assigned)) return (Constant(assigned, type), type);
            }
            if (_varied.TryGetValue(name, out var property))
                return (type == Type.Number && parameter.Kind == ParameterKind.Integer ? "(double)" + _config + "." + property : _config + "." + property, type);
            return (Constant(_point.TryGetValue(name, out var v) ? v : parameter.Default, type), type);
        }

        static string Constant(ParameterValue v, Type type) =>
            type == Type.Value ? CSharp.ParameterValue(v) : v.IsSymbol ? CSharp.String(v.Symbol!) : CSharp.Double(v.Number);

        static Exception Mismatch(string op) => new InvalidOperationException($"'{op}' has operands of the wrong type (the checker should have caught this)");
    }
}
