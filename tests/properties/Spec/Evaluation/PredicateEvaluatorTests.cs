using InterpLoop.Spec.Catalog;
using InterpLoop.Spec.Evaluation;
using InterpLoop.Spec.Syntax;

namespace InterpLoop.Properties.Spec.Evaluation;

/// <summary>Truth values of predicates over hand-written runs, each checked by hand.</summary>
public class PredicateEvaluatorTests
{
    static ExpressionSyntax Predicate(string text)
    {
        var (file, diagnostics) = Parser.Parse("p.ilspec", "hypothesis h\n  assume " + text + "\n");
        Assert.Empty(diagnostics);
        return file.Hypotheses[0].Clauses.OfType<AssumeClause>().Single().Condition;
    }

    static RunValues Run(string outcome, double hackRate, double recallFinal, double scoreOriginal = 0.6, double scoreFinal = 0.2,
        string route = "reward", double weight = 2, double beta = 0.05)
    {
        var parameters = new Dictionary<string, ParameterValue>
        {
            ["penalty.route"] = ParameterValue.Of(route), ["penalty.weight"] = ParameterValue.Of(weight), ["kl.beta"] = ParameterValue.Of(beta),
        };
        var metrics = new Dictionary<string, ParameterValue>
        {
            ["outcome"] = ParameterValue.Of(outcome), ["hack_rate"] = ParameterValue.Of(hackRate),
            ["probe.recall_final"] = ParameterValue.Of(recallFinal), ["probe.score_original"] = ParameterValue.Of(scoreOriginal),
            ["probe.score_final"] = ParameterValue.Of(scoreFinal), ["representation_change"] = ParameterValue.Of(scoreOriginal - scoreFinal),
        };
        return new RunValues(parameters, metrics);
    }

    static readonly RunValues Honest = Run("honest", 0.1, double.NaN);
    static readonly RunValues Obfuscated = Run("obfuscated_activations", 0.7, 0.2, scoreFinal: 0.05, route: "through_probe", weight: 5, beta: 0.001);

    [Theory]
    [InlineData("outcome == honest", true, false)]
    [InlineData("outcome != honest", false, true)]
    [InlineData("outcome in { obfuscated_policy, obfuscated_activations }", false, true)]
    [InlineData("hack_rate <= 0.3", true, false)]
    [InlineData("hack_rate > 0.5 and probe.recall_final < 0.5", false, true)]
    [InlineData("hack_rate < 0.2 or outcome == blatant", true, false)]
    // NaN (nobody hacked, so no recall) fails every comparison, and `not` of that holds.
    [InlineData("probe.recall_final > 0.5", false, false)]
    [InlineData("probe.recall_final <= 0.5", false, true)]
    [InlineData("not (probe.recall_final > 0.5)", true, true)]
    [InlineData("probe.score_original - probe.score_final > 0.3", true, true)]
    [InlineData("probe.score_original - probe.score_final == representation_change", true, true)]
    [InlineData("penalty.weight * kl.beta >= 0.1", true, false)]
    [InlineData("penalty.route == through_probe", false, true)]
    [InlineData("1 + 2 * 3 == 7 and (1 + 2) * 3 == 9 and -2 * -3 == 6", true, true)]
    [InlineData("10 / 4 == 2.5 and 1 / 0 > 1e300", true, true)]
    [InlineData("not not hack_rate < 0.5", true, false)]
    [InlineData("penalty.weight in { 2, 3 }", true, false)]
    public void A_predicate_has_the_hand_checked_truth_value(string predicate, bool onHonest, bool onObfuscated)
    {
        var p = Predicate(predicate);
        Assert.Equal(EvaluationResult.Of(onHonest), PredicateEvaluator.Evaluate(p, Honest));
        Assert.Equal(EvaluationResult.Of(onObfuscated), PredicateEvaluator.Evaluate(p, Obfuscated));
    }

    [Theory]
    [InlineData("probe.layer == all", true, false)]
    [InlineData("probe.layer == 2", false, true)]
    [InlineData("probe.layer != 2", true, false)]
    [InlineData("probe.layer in { 1, all }", true, false)]
    [InlineData("probe.layer in { 2 } or probe.layer == all", true, true)]
    public void A_mixed_parameter_equals_a_number_or_its_symbol_but_never_both(string predicate, bool atAll, bool atTwo)
    {
        RunValues At(ParameterValue layer) => new(new Dictionary<string, ParameterValue> { ["probe.layer"] = layer });
        var p = Predicate(predicate);
        Assert.Equal(EvaluationResult.Of(atAll), PredicateEvaluator.Evaluate(p, At(ParameterValue.Of("all"))));
        Assert.Equal(EvaluationResult.Of(atTwo), PredicateEvaluator.Evaluate(p, At(ParameterValue.Of(2))));
        // The margin walk must tell the same story (it throws when it does not).
        var margin = PredicateMargin.Of(p, At(ParameterValue.Of("all")));
        Assert.True(margin.Succeeded && margin.Value == atAll && (atAll ? margin.Margin >= 0 : margin.Margin <= 0), margin.ToString());
    }

    [Fact]
    public void A_paired_claim_compares_the_two_runs()
    {
        var p = Predicate("representation_change[A] > representation_change[B] and hack_rate[A] > hack_rate[B]");
        Assert.Equal(EvaluationResult.Of(true), PredicateEvaluator.Evaluate(p, Obfuscated, Honest));
        Assert.Equal(EvaluationResult.Of(false), PredicateEvaluator.Evaluate(p, Honest, Obfuscated));
    }

    [Fact]
    public void A_name_equal_in_both_runs_is_unambiguous_and_one_that_differs_is_an_error()
    {
        var a = Run("honest", 0.1, 0.9, beta: 0.05);
        var b = Run("blatant", 0.6, 0.9, beta: 0.05, route: "through_probe");
        Assert.Equal(EvaluationResult.Of(true), PredicateEvaluator.Evaluate(Predicate("kl.beta == 0.05"), a, b));
        var ambiguous = PredicateEvaluator.Evaluate(Predicate("hack_rate < 0.5"), a, b);
        Assert.False(ambiguous.Succeeded);
        Assert.Contains("hack_rate[A]", ambiguous.Error);
    }

    [Theory]
    [InlineData("outcome > 1", "needs numbers")]
    [InlineData("hack_rate", "not a condition")]
    [InlineData("hack_rate[A] > 0", "paired claim")]
    [InlineData("outcome == (hack_rate > 0.5)", "cannot compare")]
    public void An_ill_typed_predicate_is_reported_not_thrown(string predicate, string fragment)
    {
        var result = PredicateEvaluator.Evaluate(Predicate(predicate), Honest);
        Assert.False(result.Succeeded);
        Assert.Contains(fragment, result.Error);
    }

    [Fact]
    public void And_short_circuits_so_a_guard_protects_an_ill_typed_right_side()
    {
        // Checked specs never contain this; the point is the evaluation order.
        Assert.Equal(EvaluationResult.Of(false), PredicateEvaluator.Evaluate(Predicate("hack_rate > 0.5 and outcome > 1"), Honest));
    }
}
