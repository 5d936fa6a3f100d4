using System.Linq;
using System.Text;
using InterpLoop.Spec.Catalog;

namespace InterpLoop.Spec.Syntax
{
    /// <summary>
    /// Prints a syntax tree as canonical spec text: two-space indentation, one block item per line, and only
    /// the parentheses precedence requires. Parsing the output gives back the same tree (a tested property).
    /// </summary>
    public static class PrettyPrinter
    {
        public static string Print(SpecFile file) => string.Join("\n", file.Hypotheses.Select(Print));

        public static string Print(HypothesisSyntax h)
        {
            var s = new StringBuilder();
            s.Append("hypothesis ").Append(h.Name).Append('\n');
            foreach (var clause in h.Clauses) s.Append("  ").Append(Print(clause)).Append('\n');
            return s.ToString();
        }

        public static string Print(ClauseSyntax clause) => clause switch
        {
            CiteClause c => "cite " + Quote(c.Text),
            ScenarioClause c => "scenario " + c.Scenario + (c.Fixed.Count == 0 ? "" :
                " {\n" + string.Concat(c.Fixed.Select(a => "    " + Print(a) + "\n")) + "  }"),
            VaryClause c => "vary {\n" + string.Concat(c.Items.Select(i => "    " + Print(i) + "\n")) + "  }",
            AssumeClause c => "assume " + Print(c.Condition),
            TrialsClause c => "trials " + Print(c.Count.Value),
            BudgetClause c => "budget " + Print(c.Count.Value),
            ClaimClause c => "claim " + (c.Quantifier == ClaimQuantifier.Always ? "always " : "sometimes ") +
                (c.Pairing == null ? "" : "paired " + string.Join(", ", c.Pairing.A.Select(Print)) + " vs " +
                    string.Join(", ", c.Pairing.B.Select(Print)) + ":\n    ") + Print(c.Condition),
            StatusClause c => "status " + c.Text,
            _ => "",
        };

        public static string Print(AssignmentSyntax a) => a.Parameter + " = " + Print(a.Value.Value);

        public static string Print(VaryItemSyntax item) => item.Parameter + " in " + item.Domain switch
        {
            RangeDomain r => Print(r.Low.Value) + " .. " + Print(r.High.Value) + (r.Log ? " log" : ""),
            SetDomain s => "{ " + string.Join(", ", s.Values.Select(v => Print(v.Value))) + " }",
            _ => "",
        };

        public static string Print(ParameterValue v) => v.ToString();

        public static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

        public static string Print(ExpressionSyntax e) => Print(e, 0);

        static string Print(ExpressionSyntax e, int context)
        {
            int precedence;
            string text;
            switch (e)
            {
                case NumberExpression n: return ParameterValue.Of(n.Value).ToString();
                case NameExpression n: return n.Name;
                case IndexedExpression i: return i.Name + "[" + i.Run + "]";
                case UnaryExpression u when u.Operator == UnaryOperator.Not:
                    precedence = 3; text = "not " + Print(u.Operand, 3); break;
                case UnaryExpression u:
                    precedence = 7; text = "-" + Print(u.Operand, 7); break;
                case InExpression i:
                    precedence = 4;
                    text = Print(i.Item, 5) + " in { " + string.Join(", ", i.Elements.Select(x => Print(x, 0))) + " }";
                    break;
                case BinaryExpression b:
                    precedence = Operators.Precedence(b.Operator);
                    // Left-associative chains need no parentheses on the left; comparisons do not chain at all.
                    int left = Operators.IsComparison(b.Operator) ? precedence + 1 : precedence;
                    text = Print(b.Left, left) + " " + Operators.Text(b.Operator) + " " + Print(b.Right, precedence + 1);
                    break;
                default: return "";
            }
            return precedence < context ? "(" + text + ")" : text;
        }
    }
}
