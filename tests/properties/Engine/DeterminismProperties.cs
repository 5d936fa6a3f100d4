using FsCheck;
using FsCheck.Fluent;
using InterpLoop.Engine.RewardHacking;

namespace InterpLoop.Properties.Engine;

public class DeterminismProperties
{
    // Without a prelude cache, so the second run repeats phases 1 and 2 too (PreludeReuseProperties covers reuse).
    static readonly RewardHackingScenario Scenario = new(new MemoryPreludeCache(capacity: 0));

    static Arbitrary<(int Seed, double Alpha, PenaltyRoute Route)> Cases =>
        Arb.From(from seed in Gen.Choose(0, 1000)
                 from alpha in Gen.Elements(0.0, 0.5, 3.0)
                 from route in Gen.Elements(PenaltyRoute.None, PenaltyRoute.Reward, PenaltyRoute.ThroughProbe)
                 select (seed, alpha, route));

    [Fact]
    public void The_same_config_and_seed_give_bit_identical_metrics() =>
        Prop.ForAll(Cases, c =>
        {
            var config = SmallRuns.Config with { PenaltyWeight = c.Alpha, PenaltyRoute = c.Route };
            var a = Scenario.Run(config, c.Seed);
            var b = Scenario.Run(config, c.Seed);
            return a.Outcome == b.Outcome && a.Metrics.All(m => BitEqual(m.Value, b.Metrics[m.Key]));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(4));

    [Fact]
    public void Different_seeds_give_different_runs()
    {
        var a = Scenario.Run(SmallRuns.Config, 1);
        var b = Scenario.Run(SmallRuns.Config, 2);
        Assert.NotEqual(a.Metrics["probe.score_final"], b.Metrics["probe.score_final"]);
    }

    static bool BitEqual(double x, double y) => BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y);
}
