using InterpLoop.Engine;
using Outcome = InterpLoop.Engine.Outcome;
using InterpLoop.Engine.RewardHacking;
using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Properties.Engine;

/// <summary>A run whose numbers go bad ends with a stop reason and a degenerate outcome, never an exception.</summary>
public class DivergenceTests
{
    [Fact]
    public void A_non_finite_probe_score_stops_RL_with_a_reason()
    {
        torch.set_num_threads(1);
        var c = SmallRuns.Config with { PenaltyWeight = 1, PenaltyRoute = PenaltyRoute.Reward };
        var env = new TaskEnvironment(c.Features, c.Answers);
        var reference = ReferencePretraining.Train(c, env, new Generator(1), new Generator(2), null, default);
        var nanProbe = Detector.Of(2, Probe.Linear(full(c.Hidden, float.NaN), zeros(1).squeeze()), threshold: 0);
        var (_, stop, _) = ReinforceLearner.Train(c, env, reference, nanProbe, new Generator(3), null, default);
        Assert.NotNull(stop);
        Assert.Contains("non-finite", stop);
        Assert.Contains("step 1", stop);
    }

    [Fact]
    public void Extreme_knobs_give_a_classified_result_not_an_exception()
    {
        var c = SmallRuns.Config with { PenaltyWeight = 100, PenaltyRoute = PenaltyRoute.ThroughProbe, RlLearningRate = 1, KlBeta = 0, Steps = 30 };
        var result = new RewardHackingScenario().Run(c, 0);
        Assert.Contains(result.Outcome, Outcome.All);
        if (result.StopReason is not null) Assert.Equal(Outcome.Degenerate, result.Outcome);
    }
}
