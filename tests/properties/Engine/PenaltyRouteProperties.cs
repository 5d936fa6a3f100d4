using FsCheck;
using FsCheck.Fluent;
using InterpLoop.Engine.RewardHacking;

namespace InterpLoop.Properties.Engine;

public class PenaltyRouteProperties
{
    static readonly RewardHackingScenario Scenario = new();

    [Fact]
    public void With_zero_weight_the_reward_route_is_identical_to_no_penalty() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 10_000)), seed =>
        {
            var none = Scenario.Run(SmallRuns.Config with { PenaltyWeight = 0, PenaltyRoute = PenaltyRoute.None }, seed);
            var reward = Scenario.Run(SmallRuns.Config with { PenaltyWeight = 0, PenaltyRoute = PenaltyRoute.Reward }, seed);
            return none.Outcome == reward.Outcome &&
                   none.Metrics.All(m => BitConverter.DoubleToInt64Bits(m.Value) == BitConverter.DoubleToInt64Bits(reward.Metrics[m.Key]));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3));

    [Fact]
    public void A_positive_weight_changes_training()
    {
        var none = Scenario.Run(SmallRuns.Config with { PenaltyWeight = 3, PenaltyRoute = PenaltyRoute.None }, 5);
        var probe = Scenario.Run(SmallRuns.Config with { PenaltyWeight = 3, PenaltyRoute = PenaltyRoute.ThroughProbe }, 5);
        Assert.NotEqual(none.Metrics["probe.score_final"], probe.Metrics["probe.score_final"]);
    }
}
