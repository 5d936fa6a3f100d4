using FsCheck;
using FsCheck.Fluent;
using InterpLoop.Spec.Catalog;
using InterpLoop.Spec.Syntax;

namespace InterpLoop.Properties.Spec.Syntax;

/// <summary>
/// FsCheck generators of syntactically valid spec trees. Names come mostly from the catalog (so the checker's
/// deeper paths run) and partly at random; spans are left default, since only the shape is compared.
/// </summary>
public static class SpecGenerators
{
    static readonly SourceSpan NoSpan = default;
    static readonly ScenarioCatalog Catalog = RewardHackingCatalog.Catalog;

    /// <summary>Words the parser reads by context; a generated name avoids them so the printed text means the same tree.</summary>
    static readonly HashSet<string> Keywords = new()
    {
        "hypothesis", "cite", "scenario", "vary", "assume", "trials", "budget", "claim", "status", "always", "sometimes", "paired", "vs",
        "in", "log", "and", "or", "not", "holds", "refuted", "by", "unknown", "A", "B",
    };

    static readonly string[] CatalogWords = Catalog.Parameters.Select(p => p.Name)
        .Concat(Catalog.Metrics.Select(m => m.Name))
        .Concat(Catalog.Parameters.SelectMany(p => p.Choices))
        .Concat(Catalog.Metrics.SelectMany(m => m.Choices))
        .Distinct().ToArray();

    static readonly Gen<string> Segment =
        from first in Gen.Elements("abcdefghijklmnopqrstuvwxyz_".ToCharArray())
        from rest in Gen.ArrayOf(Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789_".ToCharArray()))
        select first + new string(rest.Take(8).ToArray());

    static readonly Gen<string> RandomName =
        (from n in Gen.Choose(1, 3)
         from parts in Gen.ArrayOf(Segment, n)
         select string.Join(".", parts)).Where(s => !Keywords.Contains(s));

    public static readonly Gen<string> Name = Gen.Frequency((4, Gen.Elements(CatalogWords)), (1, RandomName));

    public static readonly Gen<double> NonNegative = Gen.OneOf(
        Gen.Choose(0, 1000).Select(i => (double)i),
        Gen.Choose(0, 100000).Select(i => i / 1000.0),
        Gen.Elements(1e-4, 1e-5, 2.5e10, 1e300, 0.1, 1.0 / 3),
        from m in Gen.Choose(1, 9999) from e in Gen.Choose(-300, 300) select m * Math.Pow(10, e));

    static readonly Gen<ValueSyntax> Value = Gen.OneOf(
        Name.Select(n => new ValueSyntax(ParameterValue.Of(n), n, NoSpan)),
        from x in NonNegative from negative in Gen.Elements(false, false, true)
        select new ValueSyntax(ParameterValue.Of(negative ? -x : x), "", NoSpan));

    static readonly Gen<AssignmentSyntax> Assignment =
        from n in Name from v in Value select new AssignmentSyntax(n, NoSpan, v);

    static readonly Gen<VaryItemSyntax> VaryItem = Gen.OneOf(
        from n in Name from lo in Value from hi in Value from log in Gen.Elements(false, true)
        select new VaryItemSyntax(n, NoSpan, new RangeDomain(lo, hi, log, NoSpan)),
        from n in Name from count in Gen.Choose(0, 3) from values in Gen.ArrayOf(Value, count)
        select new VaryItemSyntax(n, NoSpan, new SetDomain(values, NoSpan)));

    static Gen<List<T>> ListOf<T>(Gen<T> gen, int min, int max) =>
        from n in Gen.Choose(min, max) from xs in Gen.ArrayOf(gen, n) select xs.ToList();

    static readonly Gen<ExpressionSyntax> Leaf = Gen.OneOf(
        NonNegative.Select(x => (ExpressionSyntax)new NumberExpression(x, NoSpan)),
        Name.Select(n => (ExpressionSyntax)new NameExpression(n, NoSpan)),
        from n in Name from run in Gen.Elements(PairedRun.A, PairedRun.B) select (ExpressionSyntax)new IndexedExpression(n, run, NoSpan, NoSpan));

    static readonly Gen<ExpressionSyntax> Element = Gen.OneOf(
        from x in NonNegative from negative in Gen.Elements(false, true) select (ExpressionSyntax)new NumberExpression(negative ? -x : x, NoSpan),
        Name.Select(n => (ExpressionSyntax)new NameExpression(n, NoSpan)));

    public static Gen<ExpressionSyntax> Expression(int size)
    {
        if (size <= 0) return Leaf;
        var smaller = Expression(size / 2);
        return Gen.Frequency(
            (2, Leaf),
            (1, from op in Gen.Elements(UnaryOperator.Not, UnaryOperator.Negate) from x in smaller select (ExpressionSyntax)new UnaryExpression(op, x, NoSpan)),
            (4, from op in Gen.Elements(Enum.GetValues<BinaryOperator>()) from l in smaller from r in smaller select (ExpressionSyntax)new BinaryExpression(op, l, r, NoSpan)),
            (1, from x in smaller from elements in ListOf(Element, 0, 3) select (ExpressionSyntax)new InExpression(x, elements, NoSpan)));
    }

    static readonly Gen<string> Text =
        Gen.ArrayOf(Gen.Elements("abc XYZ 019,.;:()[]{}\"\\/é—ψ'".ToCharArray())).Select(cs => new string(cs));

    static Gen<ClauseSyntax> Clause(int size) => Gen.OneOf(
        Text.Select(t => (ClauseSyntax)new CiteClause(t, NoSpan)),
        from n in Name from fixedOnes in ListOf(Assignment, 0, 3) select (ClauseSyntax)new ScenarioClause(n, NoSpan, fixedOnes, NoSpan),
        ListOf(VaryItem, 0, 4).Select(items => (ClauseSyntax)new VaryClause(items, NoSpan)),
        Expression(size).Select(e => (ClauseSyntax)new AssumeClause(e, NoSpan)),
        Value.Select(v => (ClauseSyntax)new TrialsClause(v, NoSpan)),
        Value.Select(v => (ClauseSyntax)new BudgetClause(v, NoSpan)),
        from q in Gen.Elements(ClaimQuantifier.Always, ClaimQuantifier.Sometimes)
        from paired in Gen.Elements(false, true)
        from a in ListOf(Assignment, 1, 2)
        from b in ListOf(Assignment, 1, 2)
        from e in Expression(size)
        select (ClauseSyntax)new ClaimClause(q, paired ? new PairingSyntax(a, b, NoSpan) : null, e, NoSpan),
        from kind in Gen.Elements(StatusKind.Holds, StatusKind.Unknown, StatusKind.Refuted)
        from path in Text
        select (ClauseSyntax)new StatusClause(kind, kind == StatusKind.Refuted ? path : "", NoSpan, NoSpan));

    public static readonly Gen<HypothesisSyntax> Hypothesis = Gen.Sized(size =>
        from name in Name
        from clauses in ListOf(Clause(Math.Min(size, 12)), 0, 8)
        select new HypothesisSyntax(name, NoSpan, clauses, NoSpan));

    public static readonly Gen<SpecFile> File = ListOf(Hypothesis, 0, 3).Select(hs => new SpecFile("generated.ilspec", hs));
}
