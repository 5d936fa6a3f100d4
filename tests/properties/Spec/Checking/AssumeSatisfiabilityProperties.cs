using FsCheck;
using FsCheck.Fluent;
using InterpLoop.Spec.Catalog;
using InterpLoop.Spec.Checking;
using InterpLoop.Spec.Evaluation;
using InterpLoop.Spec.Syntax;

namespace InterpLoop.Properties.Spec.Checking;

/// <summary>
/// The exact vacuity decision agrees with brute force: on a region of finite sets, enumerating every point
/// and evaluating the assume is the ground truth. probe.layer varies over { 1, 2, all }, so equality between a
/// mixed parameter and both numbers and its symbol is decided exactly too.
/// </summary>
public class AssumeSatisfiabilityProperties
{
    static readonly ScenarioCatalog Catalog = RewardHackingCatalog.Catalog;
    static readonly SourceSpan NoSpan = default;

    static readonly (string Name, ParameterValue[] Values)[] Varied =
    {
        ("steps", new[] { 0.0, 100, 250, 600 }.Select(ParameterValue.Of).ToArray()),
        ("penalty.weight", new[] { 0, 0.5, 3, 10 }.Select(ParameterValue.Of).ToArray()),
        ("env.evasion", new[] { ParameterValue.Of("none"), ParameterValue.Of("filler") }),
        ("probe.layer", new[] { ParameterValue.Of(1), ParameterValue.Of(2), ParameterValue.Of("all") }),
    };

    // A mixed parameter's literal: a number (one outside its range too) or its symbol.
    static readonly Gen<ExpressionSyntax> LayerLiteral = Gen.OneOf(
        Gen.Elements(1.0, 2, 3).Select(x => (ExpressionSyntax)new NumberExpression(x, NoSpan)),
        Gen.Constant((ExpressionSyntax)new NameExpression("all", NoSpan)));

    static readonly Gen<ExpressionSyntax> Number = Gen.Elements(0.0, 0.5, 1, 2, 3, 100, 250, 300, 600, 1000).Select(x => (ExpressionSyntax)new NumberExpression(x, NoSpan));
    static readonly Gen<ExpressionSyntax> NumericName = Gen.Elements("steps", "penalty.weight", "kl.beta").Select(n => (ExpressionSyntax)new NameExpression(n, NoSpan));

    // Linear in the compared parameter only: c·x + d, or a constant.
    static Gen<ExpressionSyntax> LinearIn(string name)
    {
        var x = new NameExpression(name, NoSpan);
        return Gen.OneOf(
            Number,
            Gen.Constant((ExpressionSyntax)x),
            from c in Number select (ExpressionSyntax)new BinaryExpression(BinaryOperator.Multiply, c, x, NoSpan),
            from d in Number select (ExpressionSyntax)new BinaryExpression(BinaryOperator.Subtract, x, d, NoSpan),
            Gen.Constant((ExpressionSyntax)new UnaryExpression(UnaryOperator.Negate, x, NoSpan)));
    }

    static readonly Gen<ExpressionSyntax> Atom = Gen.OneOf(
        from op in Gen.Elements(BinaryOperator.Equal, BinaryOperator.NotEqual, BinaryOperator.Less, BinaryOperator.LessOrEqual, BinaryOperator.Greater, BinaryOperator.GreaterOrEqual)
        from name in Gen.Elements("steps", "penalty.weight", "kl.beta") from lhs in LinearIn(name) from rhs in LinearIn(name)
        select (ExpressionSyntax)new BinaryExpression(op, lhs, rhs, NoSpan),
        from op in Gen.Elements(BinaryOperator.Equal, BinaryOperator.NotEqual)
        from symbol in Gen.Elements("none", "filler")
        select (ExpressionSyntax)new BinaryExpression(op, new NameExpression("env.evasion", NoSpan), new NameExpression(symbol, NoSpan), NoSpan),
        from x in NumericName from elements in Gen.ArrayOf(Number, 2)
        select (ExpressionSyntax)new InExpression(x, elements, NoSpan),
        from op in Gen.Elements(BinaryOperator.Equal, BinaryOperator.NotEqual) from literal in LayerLiteral
        select (ExpressionSyntax)new BinaryExpression(op, new NameExpression("probe.layer", NoSpan), literal, NoSpan),
        from elements in Gen.ArrayOf(LayerLiteral, 2)
        select (ExpressionSyntax)new InExpression(new NameExpression("probe.layer", NoSpan), elements, NoSpan));

    static Gen<ExpressionSyntax> Formula(int depth) => depth == 0 ? Atom : Gen.OneOf(
        Atom,
        Formula(depth - 1).Select(f => (ExpressionSyntax)new UnaryExpression(UnaryOperator.Not, f, NoSpan)),
        from op in Gen.Elements(BinaryOperator.And, BinaryOperator.Or) from l in Formula(depth - 1) from r in Formula(depth - 1)
        select (ExpressionSyntax)new BinaryExpression(op, l, r, NoSpan));

    static Region MakeRegion()
    {
        var region = new Region(Catalog);
        foreach (var (name, values) in Varied) region.Set(name, new FiniteDomain(values));
        return region;
    }

    static bool BruteForce(ExpressionSyntax assume)
    {
        var values = Catalog.Parameters.ToDictionary(p => p.Name, p => p.Default);
        var run = new RunValues(values);
        foreach (var steps in Varied[0].Values)
            foreach (var weight in Varied[1].Values)
                foreach (var evasion in Varied[2].Values)
                    foreach (var layer in Varied[3].Values)
                    {
                        values["steps"] = steps; values["penalty.weight"] = weight; values["env.evasion"] = evasion; values["probe.layer"] = layer;
                        if (PredicateEvaluator.Evaluate(assume, run).Value) return true;
                    }
        return false;
    }

    [Fact]
    public void The_exact_decision_agrees_with_enumerating_every_point() =>
        Prop.ForAll(Arb.From(Formula(3)), assume =>
        {
            var verdict = AssumeSatisfiability.Decide(assume, MakeRegion());
            return (verdict.Method == AssumeSatisfiability.Method.Exact && verdict.Satisfiable == BruteForce(assume))
                .Label($"{PrettyPrinter.Print(assume)}: decided {verdict}, brute force {BruteForce(assume)}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(2000));

    [Theory]
    [InlineData("kl.beta >= 0.1", 1e-4, 0.01, false)]
    [InlineData("kl.beta >= 0.01", 1e-4, 0.01, true)]
    [InlineData("kl.beta > 0.01", 1e-4, 0.01, false)]
    [InlineData("kl.beta != 0.01 and kl.beta >= 0.01", 1e-4, 0.01, false)]
    [InlineData("not (kl.beta < 0.5 or kl.beta > 0.6)", 0, 1, true)]
    [InlineData("3 * kl.beta + 1 > 2.5 and kl.beta < 0.5", 0, 1, false)]
    [InlineData("-kl.beta > -0.001", 0.01, 1, false)]
    public void Interval_reasoning_on_a_real_range_is_exact(string assume, double low, double high, bool satisfiable)
    {
        var region = new Region(Catalog);
        region.Set("kl.beta", new IntervalDomain(low, high, integer: false, log: false));
        var (file, diagnostics) = Parser.Parse("a.ilspec", "hypothesis h\n  assume " + assume + "\n");
        Assert.Empty(diagnostics);
        var verdict = AssumeSatisfiability.Decide(file.Hypotheses[0].Clauses.OfType<AssumeClause>().Single().Condition, region);
        Assert.Equal(new AssumeSatisfiability.Verdict(satisfiable, AssumeSatisfiability.Method.Exact), verdict);
    }

    [Theory]
    [InlineData("probe.layer == all", false)]
    [InlineData("probe.layer != all", true)]
    [InlineData("probe.layer == 2 and probe.layer != 1", true)]
    [InlineData("probe.layer in { 3, all }", false)]
    [InlineData("not (probe.layer in { 1, 2 })", false)]
    public void A_mixed_parameter_on_a_range_of_its_integers_never_takes_its_symbol(string assume, bool satisfiable)
    {
        var region = new Region(Catalog);
        region.Set("probe.layer", new IntervalDomain(1, 2, integer: true, log: false));
        var (file, diagnostics) = Parser.Parse("a.ilspec", "hypothesis h\n  assume " + assume + "\n");
        Assert.Empty(diagnostics);
        var verdict = AssumeSatisfiability.Decide(file.Hypotheses[0].Clauses.OfType<AssumeClause>().Single().Condition, region);
        Assert.Equal(new AssumeSatisfiability.Verdict(satisfiable, AssumeSatisfiability.Method.Exact), verdict);
    }

    [Fact]
    public void A_product_of_two_varied_parameters_is_sampled_and_found_when_reachable()
    {
        var region = new Region(Catalog);
        region.Set("kl.beta", new IntervalDomain(1e-4, 1, integer: false, log: true));
        region.Set("penalty.weight", new IntervalDomain(0, 10, integer: false, log: false));
        var (file, _) = Parser.Parse("a.ilspec", "hypothesis h\n  assume penalty.weight * kl.beta > 9\n");
        var verdict = AssumeSatisfiability.Decide(file.Hypotheses[0].Clauses.OfType<AssumeClause>().Single().Condition, region);
        Assert.Equal(new AssumeSatisfiability.Verdict(true, AssumeSatisfiability.Method.Sampled), verdict);
    }
}
