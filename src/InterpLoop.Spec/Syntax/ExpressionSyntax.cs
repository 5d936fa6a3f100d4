using System.Collections.Generic;

namespace InterpLoop.Spec.Syntax
{
    /// <summary>A predicate or a numeric term of `assume` and `claim`. Parentheses leave no node: precedence is in the shape.</summary>
    public abstract record ExpressionSyntax(SourceSpan Span);

    public sealed record NumberExpression(double Value, SourceSpan Span) : ExpressionSyntax(Span);

    /// <summary>A metric, a parameter or a symbol: which one the checker decides from the catalog and the context.</summary>
    public sealed record NameExpression(string Name, SourceSpan Span) : ExpressionSyntax(Span);

    /// <summary>`metric[A]` or `metric[B]`: the value in one run of a paired claim.</summary>
    public sealed record IndexedExpression(string Name, PairedRun Run, SourceSpan NameSpan, SourceSpan Span) : ExpressionSyntax(Span);

    public enum PairedRun { A, B }

    public enum UnaryOperator { Not, Negate }

    public sealed record UnaryExpression(UnaryOperator Operator, ExpressionSyntax Operand, SourceSpan Span) : ExpressionSyntax(Span);

    public enum BinaryOperator { Or, And, Equal, NotEqual, Less, LessOrEqual, Greater, GreaterOrEqual, Add, Subtract, Multiply, Divide }

    public sealed record BinaryExpression(BinaryOperator Operator, ExpressionSyntax Left, ExpressionSyntax Right, SourceSpan Span) : ExpressionSyntax(Span);

    /// <summary>`x in { a, b }`; the elements are numbers or names (symbols).</summary>
    public sealed record InExpression(ExpressionSyntax Item, IReadOnlyList<ExpressionSyntax> Elements, SourceSpan Span) : ExpressionSyntax(Span);

    public static class Operators
    {
        public static string Text(BinaryOperator op) => op switch
        {
            BinaryOperator.Or => "or", BinaryOperator.And => "and",
            BinaryOperator.Equal => "==", BinaryOperator.NotEqual => "!=",
            BinaryOperator.Less => "<", BinaryOperator.LessOrEqual => "<=",
            BinaryOperator.Greater => ">", BinaryOperator.GreaterOrEqual => ">=",
            BinaryOperator.Add => "+", BinaryOperator.Subtract => "-",
            BinaryOperator.Multiply => "*", _ => "/",
        };

        public static bool IsComparison(BinaryOperator op) => op >= BinaryOperator.Equal && op <= BinaryOperator.GreaterOrEqual;
        public static bool IsArithmetic(BinaryOperator op) => op >= BinaryOperator.Add;
        public static bool IsLogical(BinaryOperator op) => op <= BinaryOperator.And;

        /// <summary>Binding strength, loosest first; the parser and the pretty-printer share it.</summary>
        public static int Precedence(BinaryOperator op) => op switch
        {
            BinaryOperator.Or => 1,
            BinaryOperator.And => 2,
            BinaryOperator.Add or BinaryOperator.Subtract => 5,
            BinaryOperator.Multiply or BinaryOperator.Divide => 6,
            _ => 4,
        };
    }
}
