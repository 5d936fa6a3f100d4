using System.Globalization;
using InterpLoop.Spec.Catalog;
using InterpLoop.Spec.Syntax;

namespace InterpLoop.Properties.Spec.Syntax;

/// <summary>
/// A syntax tree as a span-free S-expression: two trees are the same tree exactly when their dumps are equal.
/// Deliberately independent of the pretty-printer, so a round-trip test cannot pass by sharing its bugs.
/// </summary>
public static class SyntaxDump
{
    public static string Dump(SpecFile file) => string.Join("\n", file.Hypotheses.Select(Dump));

    static string Dump(HypothesisSyntax h) => $"(hypothesis {h.Name} {string.Join(" ", h.Clauses.Select(Dump))})";

    static string Dump(ClauseSyntax c) => c switch
    {
        CiteClause x => $"(cite {Str(x.Text)})",
        ScenarioClause x => $"(scenario {x.Scenario} [{string.Join(" ", x.Fixed.Select(Dump))}])",
        VaryClause x => $"(vary [{string.Join(" ", x.Items.Select(Dump))}])",
        AssumeClause x => $"(assume {Dump(x.Condition)})",
        TrialsClause x => $"(trials {Dump(x.Count.Value)})",
        BudgetClause x => $"(budget {Dump(x.Count.Value)})",
        ClaimClause x => $"(claim {x.Quantifier} {(x.Pairing == null ? "-" : $"(paired [{string.Join(" ", x.Pairing.A.Select(Dump))}] [{string.Join(" ", x.Pairing.B.Select(Dump))}])")} {Dump(x.Condition)})",
        StatusClause x => $"(status {x.Kind} {Str(x.Finding)})",
        _ => "(?)",
    };

    static string Dump(AssignmentSyntax a) => $"(= {a.Parameter} {Dump(a.Value.Value)})";

    static string Dump(VaryItemSyntax i) => i.Domain switch
    {
        RangeDomain r => $"(range {i.Parameter} {Dump(r.Low.Value)} {Dump(r.High.Value)} {r.Log})",
        SetDomain s => $"(set {i.Parameter} [{string.Join(" ", s.Values.Select(v => Dump(v.Value)))}])",
        _ => "(?)",
    };

    static string Dump(ParameterValue v) => v.IsSymbol ? $"(sym {v.Symbol})" : $"(num {Num(v.Number)})";

    static string Num(double x) => BitConverter.DoubleToInt64Bits(x).ToString(CultureInfo.InvariantCulture);

    static string Str(string s) => "\"" + string.Concat(s.Select(ch => ((int)ch).ToString("X4", CultureInfo.InvariantCulture))) + "\"";

    public static string Dump(ExpressionSyntax e) => e switch
    {
        NumberExpression n => $"(num {Num(n.Value)})",
        NameExpression n => $"(name {n.Name})",
        IndexedExpression i => $"(index {i.Name} {i.Run})",
        UnaryExpression u => $"({u.Operator} {Dump(u.Operand)})",
        BinaryExpression b => $"({b.Operator} {Dump(b.Left)} {Dump(b.Right)})",
        InExpression i => $"(in {Dump(i.Item)} [{string.Join(" ", i.Elements.Select(Dump))}])",
        _ => "(?)",
    };
}
