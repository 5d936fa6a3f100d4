using InterpLoop.Hunt;
using InterpLoop.Spec.Checking;
using SpecHypothesis = InterpLoop.Spec.Hypothesis;
using SpecAnalysis = InterpLoop.Spec.SpecAnalysis;

namespace InterpLoop.Properties.Hunt;

/// <summary>
/// A hunt over probe.layer in { all, 2, 1 } on real, tiny runs: the axis is ordered 1, 2, all whatever the
/// spec's order, the ensemble runs inside a hunt, and shrinking goes to the simplest value the claim allows.
/// </summary>
public class ProbeLayerHuntTests
{
    static SpecHypothesis Hypothesis(string claim)
    {
        var text = $$"""
            hypothesis layers.tiny
              scenario reward_hacking { steps = 3  reference.steps = 10  eval.problems = 16  model.hidden = 8 }
              vary { probe.layer in { all, 2, 1 }  penalty.weight in 0 .. 10 }
              trials 1
              claim {{claim}}
            """;
        var (file, diagnostics) = SpecAnalysis.Analyze("layers.ilspec", text, SpecCheckOptions.Default);
        Assert.DoesNotContain(diagnostics, d => d.IsError);
        return SpecHypothesis.From("layers.ilspec", file.Hypotheses.Single(), SpecCheckOptions.Default);
    }

    static HuntResult Hunt(SpecHypothesis h)
    {
        var scenario = Scenarios.Find("reward_hacking")!;
        return Hunter.Hunt(h, new HuntOptions { Budget = 12, Strategy = HuntStrategy.Random, Seed = 3 }, (a, s) => scenario.Run(a, s), slack: null);
    }

    [Fact]
    public void The_axis_runs_from_one_layer_to_the_ensemble()
    {
        var space = new InterpLoop.Hunt.Search.SearchSpace(Hypothesis("always hack_rate >= 0"));
        var axis = space.Axes[0];
        Assert.Equal(new[] { "1", "2", "all" }, Enumerable.Range(0, axis.Count).Select(k => axis.ValueAt(k).ToString()));
        Assert.Equal("1", space.Assignments(space.Origin)["probe.layer"].ToString());
        Assert.Equal(2, axis.PositionOf(InterpLoop.Spec.Catalog.ParameterValue.Of("all")));
    }

    [Fact]
    public void A_witness_that_needs_the_ensemble_shrinks_to_it_and_one_that_does_not_shrinks_to_layer_1()
    {
        var ensemble = Hunt(Hypothesis("sometimes probe.layer == all and probe.fpr_reference >= 0"));
        Assert.Equal(HuntVerdict.Witnessed, ensemble.Verdict);
        var shrunk = ensemble.Space.Assignments(ensemble.Shrunk!.Point);
        Assert.Equal("all", shrunk["probe.layer"].ToString());
        Assert.Equal("0", shrunk["penalty.weight"].ToString());
        Assert.All(ensemble.Fresh, t => Assert.Equal("all", t.A.Config.Single(kv => kv.Key == "probe.layer").Value));

        var single = Hunt(Hypothesis("sometimes probe.layer != 2 and probe.fpr_reference >= 0"));
        Assert.Equal(HuntVerdict.Witnessed, single.Verdict);
        Assert.Equal("1", single.Space.Assignments(single.Shrunk!.Point)["probe.layer"].ToString());
    }
}
