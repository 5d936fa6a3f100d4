using FsCheck;
using FsCheck.Fluent;
using InterpLoop.Spec.Catalog;
using InterpLoop.Spec.Evaluation;
using InterpLoop.Spec.Syntax;

namespace InterpLoop.Properties.Spec.Evaluation;

/// <summary>Margins of predicates: hand-checked magnitudes, and the sign and truth invariants over random predicates.</summary>
public class PredicateMarginTests
{
    const double Precision = 1e-12;

    static ExpressionSyntax Predicate(string text)
    {
        var (file, diagnostics) = Parser.Parse("p.ilspec", "hypothesis h\n  assume " + text + "\n");
        Assert.Empty(diagnostics);
        return file.Hypotheses[0].Clauses.OfType<AssumeClause>().Single().Condition;
    }

    static RunValues Run(string outcome = "honest", double hackRate = 0.1, double recallFinal = 0.9, double representationChange = 0.2,
        string route = "reward", double weight = 2) =>
        new(new Dictionary<string, ParameterValue> { ["penalty.route"] = ParameterValue.Of(route), ["penalty.weight"] = ParameterValue.Of(weight) },
            new Dictionary<string, ParameterValue>
            {
                ["outcome"] = ParameterValue.Of(outcome), ["hack_rate"] = ParameterValue.Of(hackRate),
                ["probe.recall_final"] = ParameterValue.Of(recallFinal), ["representation_change"] = ParameterValue.Of(representationChange),
            });

    static MarginResult Margin(string predicate, RunValues a, RunValues? b = null, SymbolSlack? slack = null) =>
        PredicateMargin.Of(Predicate(predicate), a, b, slack);

    [Theory]
    [InlineData("hack_rate < 0.3", 0.1, true, 0.2)]
    [InlineData("hack_rate < 0.3", 0.5, false, -0.2)]
    [InlineData("hack_rate >= 0.5", 0.5, true, 0)]
    [InlineData("not hack_rate < 0.3", 0.1, false, -0.2)]
    [InlineData("hack_rate == 0.5", 0.5, true, 0)]
    [InlineData("hack_rate != 0.5", 0.1, true, 0.4)]
    [InlineData("2 * hack_rate > 0.5", 0.5, true, 0.5)]
    [InlineData("hack_rate in { 0.2, 0.6 }", 0.5, false, -0.1)]
    [InlineData("hack_rate in { 0.5, 0.6 }", 0.5, true, 0)]
    // NaN fails every comparison and is no distance from anything: the search learns nothing there.
    [InlineData("probe.recall_final > 0.5", double.NaN, false, 0)]
    public void A_comparison_is_as_far_from_flipping_as_its_sides_are_apart(string predicate, double x, bool value, double margin)
    {
        var run = predicate.Contains("recall") ? Run(recallFinal: x) : Run(hackRate: x);
        var r = Margin(predicate, run);
        Assert.True(r.Succeeded, r.Error);
        Assert.Equal(value, r.Value);
        Assert.Equal(margin, r.Margin, Precision);
    }

    [Theory]
    [InlineData("hack_rate < 0.3 and probe.recall_final > 0.5", 0.1, 0.6, true, 0.1)]
    [InlineData("hack_rate < 0.3 and probe.recall_final > 0.5", 0.1, 0.4, false, -0.1)]
    // Short-circuited: the evaluator never reads the right side, the margin still does.
    [InlineData("hack_rate > 0.3 and probe.recall_final > 0.5", 0.1, 0.4, false, -0.2)]
    [InlineData("hack_rate < 0.3 or probe.recall_final > 0.5", 0.1, 0.6, true, 0.2)]
    [InlineData("hack_rate > 0.3 or probe.recall_final > 0.5", 0.1, 0.4, false, -0.1)]
    [InlineData("not (hack_rate > 0.3 or probe.recall_final > 0.5)", 0.1, 0.4, true, 0.1)]
    public void And_is_the_minimum_or_the_maximum_and_not_the_negation(string predicate, double hack, double recall, bool value, double margin)
    {
        var r = Margin(predicate, Run(hackRate: hack, recallFinal: recall));
        Assert.True(r.Succeeded, r.Error);
        Assert.Equal(value, r.Value);
        Assert.Equal(margin, r.Margin, Precision);
    }

    [Fact]
    public void A_short_circuit_guard_keeps_the_deciding_sides_margin_when_the_other_side_is_ill_typed()
    {
        var r = Margin("hack_rate > 0.3 and outcome > 1", Run(hackRate: 0.1));
        Assert.Equal(new MarginResult(true, false, -0.2, ""), r with { Margin = Math.Round(r.Margin, 12) });
    }

    static double? Slack(RunValues run, string name, string symbol) =>
        name == "outcome" && run.Metrics[name].Symbol == symbol ? 0.15 : name == "outcome" ? -0.4 : null;

    [Fact]
    public void A_symbol_comparison_on_a_metric_takes_the_scenarios_slack()
    {
        Assert.Equal(new MarginResult(true, true, 0.15, ""), Margin("outcome == honest", Run(), slack: Slack));
        Assert.Equal(new MarginResult(true, false, -0.4, ""), Margin("outcome == blatant", Run(), slack: Slack));
        Assert.Equal(new MarginResult(true, false, -0.15, ""), Margin("outcome != honest", Run(), slack: Slack));
        Assert.Equal(new MarginResult(true, true, 0.15, ""), Margin("outcome in { blatant, honest }", Run(), slack: Slack));
        // Without a slack, or for a parameter (which the slack does not cover), a symbol is 1 away from any other.
        Assert.Equal(new MarginResult(true, true, 1, ""), Margin("outcome == honest", Run()));
        Assert.Equal(new MarginResult(true, false, -1, ""), Margin("penalty.route == through_probe", Run(), slack: Slack));
    }

    [Fact]
    public void A_slack_that_contradicts_the_truth_gives_a_small_margin_of_the_truths_sign()
    {
        SymbolSlack wrong = (_, _, _) => -3;
        Assert.Equal(new MarginResult(true, true, PredicateMargin.DisagreeingSlack, ""), Margin("outcome == honest", Run(), slack: wrong));
        SymbolSlack zero = (_, _, _) => 0;
        Assert.Equal(new MarginResult(true, true, PredicateMargin.DisagreeingSlack, ""), Margin("outcome == honest", Run(), slack: zero));
        SymbolSlack nan = (_, _, _) => double.NaN;
        Assert.Equal(new MarginResult(true, true, 1, ""), Margin("outcome == honest", Run(), slack: nan));
    }

    [Fact]
    public void A_paired_claim_reads_each_indexed_name_from_its_run_and_asks_that_runs_slack()
    {
        var a = Run("obfuscated_activations", representationChange: 0.5);
        var b = Run("honest", representationChange: 0.2);
        Assert.Equal(0.3, Margin("representation_change[A] > representation_change[B]", a, b).Margin, Precision);
        Assert.Equal(-0.3, Margin("representation_change[A] > representation_change[B]", b, a).Margin, Precision);

        var asked = new List<(RunValues, string)>();
        SymbolSlack recording = (run, name, symbol) => { asked.Add((run, symbol)); return Slack(run, name, symbol); };
        Assert.Equal(new MarginResult(true, true, 0.15, ""), Margin("outcome[B] == honest", a, b, recording));
        Assert.Equal(new[] { (b, "honest") }, asked);
    }

    [Fact]
    public void A_failed_evaluation_has_the_evaluators_error_and_margin_zero()
    {
        var p = Predicate("hack_rate < 0.5");
        var a = Run(hackRate: 0.1);
        var b = Run(hackRate: 0.2);
        var expected = PredicateEvaluator.Evaluate(p, a, b);
        Assert.False(expected.Succeeded);
        Assert.Equal(new MarginResult(false, false, 0, expected.Error), PredicateMargin.Of(p, a, b));
    }

    [Fact]
    public void Infinite_distances_are_clamped()
    {
        var r = Margin("10 / 0 > 1", Run());
        Assert.Equal(new MarginResult(true, true, PredicateMargin.MaxMagnitude, ""), r);
    }

    // Random predicates over small runs: a few numeric and symbolic metrics and parameters, NaN and infinities
    // among the numbers; run B mostly shares run A's values, so unindexed names in a paired claim often agree.

    static readonly SourceSpan NoSpan = default;
    static readonly string[] Numerics = { "hack_rate", "probe.recall_final", "penalty.weight" };
    static readonly string[] Symbolics = { "outcome", "penalty.route" };
    static readonly string[] Symbols = { "honest", "blatant", "reward", "through_probe" };
    static readonly Gen<double> Number = Gen.Elements(0.0, 0.1, 0.3, 0.5, 1.0, -2.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e300);
    static readonly Gen<string> Outcome = Gen.Elements("honest", "blatant");
    static readonly Gen<string> Route = Gen.Elements("reward", "through_probe");

    static RunValues Values(double hack, double recall, double weight, string outcome, string route) => new(
        new Dictionary<string, ParameterValue> { ["penalty.weight"] = ParameterValue.Of(weight), ["penalty.route"] = ParameterValue.Of(route) },
        new Dictionary<string, ParameterValue>
        {
            ["hack_rate"] = ParameterValue.Of(hack), ["probe.recall_final"] = ParameterValue.Of(recall), ["outcome"] = ParameterValue.Of(outcome),
        });

    static Gen<T> Mostly<T>(T value, Gen<T> other) => Gen.Frequency((6, Gen.Constant(value)), (1, other));

    static readonly Gen<(RunValues A, RunValues B)> RandomRuns =
        from hack in Number from recall in Number from weight in Number from outcome in Outcome from route in Route
        from hackB in Mostly(hack, Number) from recallB in Mostly(recall, Number) from weightB in Mostly(weight, Number)
        from outcomeB in Mostly(outcome, Outcome) from routeB in Mostly(route, Route)
        select (Values(hack, recall, weight, outcome, route), Values(hackB, recallB, weightB, outcomeB, routeB));

    /// <summary>Indexed names only in paired claims, but now and then anyway, to check the error agrees.</summary>
    static Gen<ExpressionSyntax> Name(string[] names, bool paired) =>
        from name in Gen.Elements(names)
        from kind in paired ? Gen.Choose(0, 2) : Gen.Frequency((30, Gen.Constant(0)), (1, Gen.Constant(1)))
        select kind == 0 ? (ExpressionSyntax)new NameExpression(name, NoSpan)
            : new IndexedExpression(name, kind == 1 ? PairedRun.A : PairedRun.B, NoSpan, NoSpan);

    static Gen<ExpressionSyntax> NumericTerm(int size, bool paired) => size <= 0
        ? Gen.OneOf(Number.Select(x => (ExpressionSyntax)new NumberExpression(x, NoSpan)), Name(Numerics, paired))
        : Gen.Frequency(
            (3, NumericTerm(0, paired)),
            (1, NumericTerm(size / 2, paired).Select(x => (ExpressionSyntax)new UnaryExpression(UnaryOperator.Negate, x, NoSpan))),
            (2, from op in Gen.Elements(BinaryOperator.Add, BinaryOperator.Subtract, BinaryOperator.Multiply, BinaryOperator.Divide)
                from l in NumericTerm(size / 2, paired) from r in NumericTerm(size / 2, paired)
                select (ExpressionSyntax)new BinaryExpression(op, l, r, NoSpan)));

    static Gen<ExpressionSyntax> SymbolTerm(bool paired) => Gen.OneOf(
        Name(Symbolics, paired), Gen.Elements(Symbols).Select(s => (ExpressionSyntax)new NameExpression(s, NoSpan)));

    static readonly Gen<ExpressionSyntax> SymbolElement = Gen.Elements(Symbols).Select(s => (ExpressionSyntax)new NameExpression(s, NoSpan));
    static readonly Gen<ExpressionSyntax> NumberElement = Number.Select(x => (ExpressionSyntax)new NumberExpression(x, NoSpan));

    static Gen<ExpressionSyntax> In(Gen<ExpressionSyntax> item, Gen<ExpressionSyntax> element, Gen<ExpressionSyntax> stray) =>
        from x in item
        from count in Gen.Choose(0, 3)
        from elements in Gen.ListOf(Gen.Frequency((10, element), (1, stray)), count)
        select (ExpressionSyntax)new InExpression(x, elements.ToList(), NoSpan);

    /// <summary>Mostly well typed, so the margins are exercised, with ill-typed mixes so the failures are too.</summary>
    static Gen<ExpressionSyntax> Condition(int size, bool paired)
    {
        var comparison = Gen.Frequency(
            (10, from op in Gen.Elements(BinaryOperator.Less, BinaryOperator.LessOrEqual, BinaryOperator.Greater, BinaryOperator.GreaterOrEqual,
                    BinaryOperator.Equal, BinaryOperator.NotEqual)
                from l in NumericTerm(size / 2, paired) from r in NumericTerm(size / 2, paired)
                select (ExpressionSyntax)new BinaryExpression(op, l, r, NoSpan)),
            (8, from op in Gen.Elements(BinaryOperator.Equal, BinaryOperator.NotEqual)
                from l in SymbolTerm(paired) from r in SymbolTerm(paired)
                select (ExpressionSyntax)new BinaryExpression(op, l, r, NoSpan)),
            (2, In(SymbolTerm(paired), SymbolElement, NumberElement)),
            (2, In(NumericTerm(size / 2, paired), NumberElement, SymbolElement)),
            (1, from op in Gen.Elements(Enum.GetValues<BinaryOperator>())
                from l in Gen.OneOf(SymbolTerm(paired), NumericTerm(0, paired)) from r in Gen.OneOf(SymbolTerm(paired), NumericTerm(0, paired))
                select (ExpressionSyntax)new BinaryExpression(op, l, r, NoSpan)));
        if (size <= 0) return comparison;
        var smaller = Condition(size / 2, paired);
        return Gen.Frequency(
            (2, comparison),
            (1, smaller.Select(x => (ExpressionSyntax)new UnaryExpression(UnaryOperator.Not, x, NoSpan))),
            (3, from op in Gen.Elements(BinaryOperator.And, BinaryOperator.Or, BinaryOperator.And, BinaryOperator.Or, BinaryOperator.Equal, BinaryOperator.NotEqual)
                from l in smaller from r in Gen.Frequency((20, smaller), (1, NumericTerm(0, paired)), (1, SymbolTerm(paired)))
                select (ExpressionSyntax)new BinaryExpression(op, l, r, NoSpan)));
    }

    /// <summary>A slack that may agree with the run, contradict it, be 0, NaN, huge, or unknown.</summary>
    static SymbolSlack ArbitrarySlack(int seed) => (run, name, symbol) =>
    {
        bool @is = run.Metrics.TryGetValue(name, out var v) && v.Symbol == symbol;
        return ((uint)(seed * 31 + name.Length * 7 + symbol.Length) % 8) switch
        {
            0 => null,
            1 => double.NaN,
            2 => 0,
            3 => @is ? -0.5 : 0.5,
            4 => @is ? double.PositiveInfinity : double.NegativeInfinity,
            _ => @is ? 0.25 + seed % 3 : -0.25 - seed % 3,
        };
    };

    static readonly Arbitrary<(ExpressionSyntax Predicate, RunValues A, RunValues? B, int Slack)> Cases = Arb.From(
        from paired in Gen.Elements(false, true)
        from predicate in Gen.Sized(size => Condition(Math.Min(size, 16), paired))
        from runs in RandomRuns
        from slack in Gen.Choose(-1, 20)
        select (predicate, runs.A, paired ? runs.B : null, slack));

    [Fact]
    public void The_random_predicates_mostly_evaluate_and_take_both_truth_values()
    {
        var results = Cases.Generator.Sample(3000, 20) // 3000 cases of size 20
            .Select(c => PredicateMargin.Of(c.Predicate, c.A, c.B)).ToList();
        // Guards the property below against a generator drifting into testing only failures or one truth value.
        Assert.True(results.Count(r => r.Succeeded && r.Value && r.Margin > 0) > 600, "too few true predicates with a positive margin");
        Assert.True(results.Count(r => r.Succeeded && !r.Value && r.Margin < 0) > 600, "too few false predicates with a negative margin");
        Assert.True(results.Count(r => !r.Succeeded) > 150, "too few failed evaluations");
    }

    [Fact]
    public void The_margin_agrees_with_the_evaluator_and_its_sign_with_the_truth() =>
        Prop.ForAll(Cases, c =>
        {
            var r = PredicateMargin.Of(c.Predicate, c.A, c.B, c.Slack < 0 ? null : ArbitrarySlack(c.Slack));
            var e = PredicateEvaluator.Evaluate(c.Predicate, c.A, c.B);
            bool finite = !double.IsNaN(r.Margin) && !double.IsInfinity(r.Margin) && Math.Abs(r.Margin) <= PredicateMargin.MaxMagnitude;
            bool signed = r.Value ? r.Margin >= 0 : r.Margin <= 0;
            return (r.Succeeded == e.Succeeded && r.Value == e.Value && r.Error == e.Error && finite && signed
                    && (r.Succeeded || r.Margin == 0))
                .Label($"{PrettyPrinter.Print(c.Predicate)}: {r} vs {e}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));
}
