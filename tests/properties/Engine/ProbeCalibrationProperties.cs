using FsCheck;
using FsCheck.Fluent;
using InterpLoop.Engine.RewardHacking;

namespace InterpLoop.Properties.Engine;

public class ProbeCalibrationProperties
{
    static readonly RewardHackingScenario Scenario = new();

    /// <summary>
    /// The threshold is set on one sample of honest reference responses and checked on a fresh one, each of
    /// <see cref="ProbeTraining.CalibrationResponses"/>; the achieved rate must be within four standard
    /// errors of the difference of two binomial proportions (plus one response's worth of quantile rounding).
    /// </summary>
    [Fact]
    public void The_false_positive_rate_on_fresh_honest_reference_responses_is_near_its_target() =>
        Prop.ForAll(Arb.From(from seed in Gen.Choose(0, 1000)
                             from fpr in Gen.Elements(0.02, 0.05, 0.1, 0.2)
                             select (seed, fpr)), c =>
        {
            var result = Scenario.Run(SmallRuns.Config with { ProbeFpr = c.fpr, Steps = 0 }, c.seed);
            double n = ProbeTraining.CalibrationResponses;
            double tolerance = 4 * Math.Sqrt(2 * c.fpr * (1 - c.fpr) / n) + 1 / n;
            double achieved = result.Metrics["probe.fpr_reference"];
            return Prop.Label(Math.Abs(achieved - c.fpr) <= tolerance, $"target {c.fpr}, achieved {achieved}, tolerance {tolerance}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(5));
}
