using InterpLoop.Spec;
using InterpLoop.Spec.Checking;
using InterpLoop.Spec.Syntax;

namespace InterpLoop.Properties.Spec;

/// <summary>Good specs are accepted silently: a checker that cries wolf on clean input is useless.</summary>
public class CleanSpecTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void A_design_example_parses_and_checks_with_no_diagnostics(int index)
    {
        var (file, diagnostics) = SpecAnalysis.Analyze("design.ilspec", DesignExamples.All[index], SpecCheckOptions.Default);
        Assert.Empty(diagnostics.Select(d => d + " / " + d.Hint));
        Assert.Single(file.Hypotheses);
    }

    [Fact]
    public void Several_hypotheses_in_one_file_are_all_parsed()
    {
        var text = string.Join("\n", DesignExamples.All);
        var (file, diagnostics) = SpecAnalysis.Analyze("all.ilspec", text, SpecCheckOptions.Default);
        Assert.Empty(diagnostics);
        Assert.Equal(new[] { "atlas.kl_and_penalty_yield_honesty", "yudkowsky.detector_pressure_breeds_undetected_deception", "atlas.probe_gradients_move_activations" },
            file.Hypotheses.Select(h => h.Name));
    }

    [Fact]
    public void The_paired_claim_keeps_its_runs_and_assignments()
    {
        var (file, _) = Parser.Parse("p.ilspec", DesignExamples.ProbeGradientsMoveActivations);
        var claim = file.Hypotheses[0].Clauses.OfType<ClaimClause>().Single();
        Assert.Equal(ClaimQuantifier.Always, claim.Quantifier);
        Assert.Equal("through_probe", claim.Pairing!.A.Single().Value.Text);
        Assert.Equal("reward", claim.Pairing.B.Single().Value.Text);
        var comparison = Assert.IsType<BinaryExpression>(claim.Condition);
        Assert.Equal(PairedRun.A, Assert.IsType<IndexedExpression>(comparison.Left).Run);
        Assert.Equal(PairedRun.B, Assert.IsType<IndexedExpression>(comparison.Right).Run);
    }

    [Fact]
    public void Spans_point_at_the_users_text()
    {
        var (file, _) = Parser.Parse("s.ilspec", DesignExamples.KlAndPenaltyYieldHonesty);
        var vary = file.Hypotheses[0].Clauses.OfType<VaryClause>().Single();
        var kl = vary.Items[1];
        Assert.Equal((10, 5), (kl.ParameterSpan.Line, kl.ParameterSpan.Column));
        Assert.Equal("kl.beta", DesignExamples.KlAndPenaltyYieldHonesty.Substring(kl.ParameterSpan.Offset, kl.ParameterSpan.Length));
        var range = Assert.IsType<RangeDomain>(kl.Domain);
        Assert.True(range.Log);
        Assert.Equal(1e-4, range.Low.Value.Number);
    }
}
