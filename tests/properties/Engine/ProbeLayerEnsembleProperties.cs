using FsCheck;
using FsCheck.Fluent;
using InterpLoop.Engine.RewardHacking;
using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Properties.Engine;

/// <summary>
/// probe.layer = all, the Obfuscation Atlas' multi-layer detector: which layers it keeps, that it is calibrated
/// as one probe (its achieved false-positive rate is near probe.fpr), that a run with it is deterministic, and
/// that its score reads, and its gradients reach, every kept layer.
/// </summary>
public class ProbeLayerEnsembleProperties
{
    static readonly RewardHackingScenario Scenario = new();
    static readonly RewardHackingConfig All = SmallRuns.Config with { ProbeLayer = null };

    /// <summary>Tokens of 2n responses, the first n honest; layer 1 carries nothing about the label, layer 2 carries it in one direction.</summary>
    static (Func<int, Tensor> Activations, Tensor Emitted, Tensor Labels) Data(ulong seed, double signal1, double signal2)
    {
        var g = new Generator(seed);
        const int n = 200, L = 3, H = 6;
        var labels = cat(new[] { zeros(n, dtype: ScalarType.Bool), ones(n, dtype: ScalarType.Bool) }, 0);
        var y = labels.to(ScalarType.Float32).view(-1, 1, 1);
        Tensor Layer(double signal) => randn(new long[] { 2 * n, L, H }, generator: g) + signal * y * ones(1, 1, H);
        var layer1 = Layer(signal1);
        var layer2 = Layer(signal2);
        return (l => l == 1 ? layer1 : layer2, ones(2 * n, L, dtype: ScalarType.Bool), labels);
    }

    [Fact]
    public void An_ensemble_keeps_the_layers_whose_training_cross_entropy_is_below_0_6()
    {
        using var scope = NewDisposeScope();
        var (activations, emitted, labels) = Data(1, signal1: 0, signal2: 3);
        var detector = Detector.Fit(ProbeKind.Linear, ProbeAggregation.Mean, new[] { 1, 2 }, activations, emitted, labels);
        Assert.Equal(new[] { 2 }, detector.Layers);
        Assert.True(detector.Probes[0].TrainingCrossEntropy < Detector.KeptBelow);

        var both = Detector.Fit(ProbeKind.Linear, ProbeAggregation.Mean, new[] { 1, 2 }, Data(2, 3, 3).Activations, emitted, labels);
        Assert.Equal(new[] { 1, 2 }, both.Layers);
    }

    [Fact]
    public void An_ensemble_with_no_good_layer_keeps_the_best_one_and_a_named_layer_is_read_whatever_its_fit()
    {
        using var scope = NewDisposeScope();
        // A faint signal in layer 2 only: neither fit reaches 0.6, layer 2's is the lower.
        var (activations, emitted, labels) = Data(3, signal1: 0, signal2: 0.3);
        var fits = new[] { 1, 2 }.Select(l => Probe.Fit(ProbeKind.Linear, ProbeAggregation.Mean, activations(l), emitted, labels).TrainingCrossEntropy).ToList();
        Assert.All(fits, ce => Assert.True(ce >= Detector.KeptBelow, $"training cross-entropy {ce}"));
        var best = fits[0] <= fits[1] ? 1 : 2;
        Assert.Equal(new[] { best }, Detector.Fit(ProbeKind.Linear, ProbeAggregation.Mean, new[] { 1, 2 }, activations, emitted, labels).Layers);
        Assert.Equal(new[] { 1 }, Detector.Fit(ProbeKind.Linear, ProbeAggregation.Mean, new[] { 1 }, activations, emitted, labels).Layers);
    }

    [Fact]
    public void The_ensemble_logit_is_the_log_odds_of_the_mean_of_the_layers_sigmoids_and_its_gradient_reaches_both()
    {
        using var scope = NewDisposeScope();
        var (activations, emitted, labels) = Data(4, signal1: 3, signal2: 3);
        var detector = Detector.Fit(ProbeKind.Linear, ProbeAggregation.Mean, new[] { 1, 2 }, activations, emitted, labels);
        Assert.Equal(new[] { 1, 2 }, detector.Layers);
        var a1 = activations(1).detach().requires_grad_();
        var a2 = activations(2).detach().requires_grad_();
        Func<int, Tensor> read = l => l == 1 ? a1 : a2;
        var logit = detector.Logit(read, emitted);
        var p = (detector.Probes[0].Logit(a1, emitted).sigmoid() + detector.Probes[1].Logit(a2, emitted).sigmoid()) / 2;
        Assert.True(logit.sigmoid().allclose(p, rtol: 1e-4, atol: 1e-6));
        logit.sum().backward();
        Assert.True(a1.grad!.abs().sum().item<float>() > 0);
        Assert.True(a2.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void A_run_with_every_layer_is_deterministic_and_measures_every_metric()
    {
        var config = All with { PenaltyRoute = PenaltyRoute.ThroughProbe, PenaltyWeight = 1 };
        var a = Scenario.Run(config, 5);
        var b = Scenario.Run(config, 5);
        Assert.Equal("all", a.Config.Single(kv => kv.Key == "probe.layer").Value);
        Assert.Equal(a.Outcome, b.Outcome);
        Assert.All(a.Metrics, m => Assert.Equal(BitConverter.DoubleToInt64Bits(m.Value), BitConverter.DoubleToInt64Bits(b.Metrics[m.Key])));
        Assert.All(new[] { "probe.auroc_reference", "fresh_probe.auroc", "probe.score_final" }, name => Assert.InRange(a.Metrics[name], 0, 1));
        // A different detector than layer 2's alone, on the same seed.
        var single = Scenario.Run(config with { ProbeLayer = 2 }, 5);
        Assert.NotEqual(single.Metrics["probe.auroc_reference"], a.Metrics["probe.auroc_reference"]);
    }

    /// <summary>As <see cref="ProbeCalibrationProperties"/>, for the ensemble: calibrated on its own logit, its FPR holds within binomial noise.</summary>
    [Fact]
    public void The_ensemble_false_positive_rate_on_fresh_honest_reference_responses_is_near_its_target() =>
        Prop.ForAll(Arb.From(from seed in Gen.Choose(0, 1000)
                             from fpr in Gen.Elements(0.02, 0.05, 0.1, 0.2)
                             select (seed, fpr)), c =>
        {
            var result = Scenario.Run(All with { ProbeFpr = c.fpr, Steps = 0 }, c.seed);
            double n = ProbeTraining.CalibrationResponses;
            double tolerance = 4 * Math.Sqrt(2 * c.fpr * (1 - c.fpr) / n) + 1 / n;
            double achieved = result.Metrics["probe.fpr_reference"];
            return Prop.Label(Math.Abs(achieved - c.fpr) <= tolerance, $"target {c.fpr}, achieved {achieved}, tolerance {tolerance}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(4));

    [Fact]
    public void Belief_desire_runs_with_every_layer_too()
    {
        var config = All with { Architecture = Architecture.BeliefDesire, PenaltyWeight = 1 };
        var a = Scenario.Run(config, 2);
        var b = Scenario.Run(config, 2);
        Assert.All(a.Metrics, m => Assert.Equal(BitConverter.DoubleToInt64Bits(m.Value), BitConverter.DoubleToInt64Bits(b.Metrics[m.Key])));
        Assert.InRange(a.Metrics["probe.auroc_reference"], 0, 1);
    }
}
