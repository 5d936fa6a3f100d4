using System;
using System.Linq;
using InterpLoop.Spec.Catalog;
using InterpLoop.Spec.Syntax;

namespace InterpLoop.Spec.Evaluation
{
    /// <summary>
    /// Evaluates an `assume` or `claim` predicate over one run (or the two runs of a paired claim).
    /// A name is a metric if the run has that metric, else a parameter, else a symbol, the same reading as
    /// the checker's. Numbers follow IEEE 754: a comparison with NaN (e.g. a recall when nothing hacked) is
    /// false, so `not (x > 0.5)` holds for NaN. A number never equals a symbol: a mixed parameter
    /// (probe.layer, an integer or all) is compared with both, and `probe.layer == 2` is simply false at all;
    /// the checker still rejects such a comparison where it can only be a mistake (outcome == 1). It reports failures (an ambiguous name, a type mismatch in an
    /// unchecked predicate) as a value; it does not throw.
    /// </summary>
    public static class PredicateEvaluator
    {
        public static EvaluationResult Evaluate(ExpressionSyntax predicate, RunValues run) => Evaluate(predicate, run, null);

        /// <summary>A paired claim: <paramref name="a"/> and <paramref name="b"/> are the runs with assignments A and B.</summary>
        public static EvaluationResult Evaluate(ExpressionSyntax predicate, RunValues a, RunValues? b)
        {
            var value = Eval(predicate, a, b);
            if (value.Kind == ValueKind.Error) return EvaluationResult.Failed(value.Text);
            if (value.Kind != ValueKind.Bool) return EvaluationResult.Failed($"the predicate is {Describe(value)}, not a condition");
            return EvaluationResult.Of(value.Bool);
        }

        enum ValueKind { Number, Symbol, Bool, Error }

        readonly struct Value
        {
            public Value(ValueKind kind, double number, string text, bool @bool) { Kind = kind; Number = number; Text = text; Bool = @bool; }
            public ValueKind Kind { get; }
            public double Number { get; }
            public string Text { get; }
            public bool Bool { get; }
            public static Value Of(double x) => new Value(ValueKind.Number, x, "", false);
            public static Value Of(bool x) => new Value(ValueKind.Bool, 0, "", x);
            public static Value Symbol(string s) => new Value(ValueKind.Symbol, 0, s, false);
            public static Value Error(string message) => new Value(ValueKind.Error, 0, message, false);
            public static Value From(ParameterValue v) => v.IsSymbol ? Symbol(v.Symbol!) : Of(v.Number);
        }

        static string Describe(Value v) => v.Kind switch
        {
            ValueKind.Number => "a number",
            ValueKind.Symbol => $"the symbol '{v.Text}'",
            _ => "a condition",
        };

        static Value Eval(ExpressionSyntax e, RunValues a, RunValues? b)
        {
            switch (e)
            {
                case NumberExpression n: return Value.Of(n.Value);
                case NameExpression n: return Lookup(n.Name, a, b);
                case IndexedExpression i:
                    if (b == null) return Value.Error($"'{i.Name}[{i.Run}]' needs the two runs of a paired claim");
                    var run = i.Run == PairedRun.A ? a : b;
                    return run.TryGet(i.Name, out var v) ? Value.From(v) : Value.Error($"run {i.Run} has no metric or parameter '{i.Name}'");
                case UnaryExpression u:
                {
                    var x = Eval(u.Operand, a, b);
                    if (x.Kind == ValueKind.Error) return x;
                    if (u.Operator == UnaryOperator.Not)
                        return x.Kind == ValueKind.Bool ? Value.Of(!x.Bool) : Value.Error($"'not' needs a condition, got {Describe(x)}");
                    return x.Kind == ValueKind.Number ? Value.Of(-x.Number) : Value.Error($"'-' needs a number, got {Describe(x)}");
                }
                case InExpression i:
                {
                    var x = Eval(i.Item, a, b);
                    if (x.Kind == ValueKind.Error) return x;
                    foreach (var element in i.Elements)
                    {
                        // Set elements are literals: a name there is a symbol even if a metric shares it.
                        var y = element is NameExpression n ? Value.Symbol(n.Name) : Eval(element, a, b);
                        var eq = Equal(x, y);
                        if (eq.Kind == ValueKind.Error || eq.Bool) return eq;
                    }
                    return Value.Of(false);
                }
                case BinaryExpression bin: return Binary(bin, a, b);
                default: return Value.Error("unknown expression");
            }
        }

        static Value Lookup(string name, RunValues a, RunValues? b)
        {
            if (b == null) return a.TryGet(name, out var v) ? Value.From(v) : Value.Symbol(name);
            bool inA = a.TryGet(name, out var va), inB = b.TryGet(name, out var vb);
            if (!inA && !inB) return Value.Symbol(name);
            if (inA && inB && va == vb) return Value.From(va);
            return Value.Error($"'{name}' differs between run A and run B; write {name}[A] or {name}[B]");
        }

        static Value Equal(Value x, Value y)
        {
            if (x.Kind == ValueKind.Number && y.Kind == ValueKind.Number) return Value.Of(x.Number == y.Number);
            if (x.Kind == ValueKind.Symbol && y.Kind == ValueKind.Symbol) return Value.Of(x.Text == y.Text);
            if (x.Kind == ValueKind.Bool && y.Kind == ValueKind.Bool) return Value.Of(x.Bool == y.Bool);
            if (IsValue(x) && IsValue(y)) return Value.Of(false);
            return Value.Error($"cannot compare {Describe(x)} with {Describe(y)}");
        }

        /// <summary>A number or a symbol: what a parameter or metric can hold (a condition cannot).</summary>
        static bool IsValue(Value v) => v.Kind == ValueKind.Number || v.Kind == ValueKind.Symbol;

        static Value Binary(BinaryExpression e, RunValues a, RunValues? b)
        {
            var x = Eval(e.Left, a, b);
            if (x.Kind == ValueKind.Error) return x;
            if (Operators.IsLogical(e.Operator))
            {
                if (x.Kind != ValueKind.Bool) return Value.Error($"'{Operators.Text(e.Operator)}' needs conditions, got {Describe(x)}");
                // Short-circuit, so a guard like `hack_rate > 0 and probe.recall_final < 0.5` reads naturally.
                if (e.Operator == BinaryOperator.And && !x.Bool) return x;
                if (e.Operator == BinaryOperator.Or && x.Bool) return x;
                var r = Eval(e.Right, a, b);
                if (r.Kind == ValueKind.Error) return r;
                return r.Kind == ValueKind.Bool ? r : Value.Error($"'{Operators.Text(e.Operator)}' needs conditions, got {Describe(r)}");
            }
            var y = Eval(e.Right, a, b);
            if (y.Kind == ValueKind.Error) return y;
            if (e.Operator == BinaryOperator.Equal) return Equal(x, y);
            if (e.Operator == BinaryOperator.NotEqual)
            {
                var eq = Equal(x, y);
                return eq.Kind == ValueKind.Error ? eq : Value.Of(!eq.Bool);
            }
            if (x.Kind != ValueKind.Number || y.Kind != ValueKind.Number)
                return Value.Error($"'{Operators.Text(e.Operator)}' needs numbers, got {Describe(x)} and {Describe(y)}");
            double p = x.Number, q = y.Number;
            return e.Operator switch
            {
                BinaryOperator.Less => Value.Of(p < q),
                BinaryOperator.LessOrEqual => Value.Of(p <= q),
                BinaryOperator.Greater => Value.Of(p > q),
                BinaryOperator.GreaterOrEqual => Value.Of(p >= q),
                BinaryOperator.Add => Value.Of(p + q),
                BinaryOperator.Subtract => Value.Of(p - q),
                BinaryOperator.Multiply => Value.Of(p * q),
                _ => Value.Of(p / q),
            };
        }
    }
}
