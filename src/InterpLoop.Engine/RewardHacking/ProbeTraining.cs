using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>What probe training measured about the in-loop probe before RL.</summary>
internal sealed record ProbeReport(double AurocReference, double FprReference, double TprReference);

/// <summary>The in-loop detector, its report, and the labelled responses it was fitted and tested on.</summary>
internal sealed record FittedProbe(Detector Detector, ProbeReport Report, ProbeData Train, ProbeData Test);

/// <summary>
/// Fits the in-loop detector on the reference model's activations at probe.layer (each hidden layer for all),
/// calibrates its threshold on fresh honest reference responses at the target false-positive rate, and checks
/// the achieved rate on another fresh set.
/// </summary>
internal static class ProbeTraining
{
    public const int TrainPairs = 1024, TestPairs = 512, CalibrationResponses = 2048;

    public static FittedProbe Train(RewardHackingConfig c, TaskEnvironment env,
        PolicyNetwork reference, Generator g)
    {
        bool filler = c.Evasion == Evasion.Filler;
        // probe.quality < 1: the training hacks cover only that share of the problems (by blind-spot coordinate).
        double? hackCutoff = c.ProbeQuality < 1 ? BlindSpotQuantile(env, c.ProbeQuality, g) : null;
        var train = ProbeData.Sample(reference, env, TrainPairs, filler, g, hackCutoff);
        var test = ProbeData.Sample(reference, env, TestPairs, filler, g);
        var probe = Detector.Fit(c.ProbeKind, c.ProbeAggregation, c.ProbeLayers, train.Read(reference).TokenActivations, train.Emitted, train.Labels);

        var honestMask = Responses.LogitMask(env.Vocabulary, c.MaxTokens, filler, allowHack: false);
        probe.Calibrate(HonestLogits(probe, reference, reference, env, honestMask, c, g), c.ProbeFpr);
        probe.Sharpness = c.ProbeSharpness;
        var validation = HonestLogits(probe, reference, reference, env, honestMask, c, g);
        double fpr = validation.gt(probe.Threshold).to(ScalarType.Float32).mean().item<float>();

        var testLogits = probe.Logit(test.Read(reference).TokenActivations, test.Emitted);
        double auroc = AurocOf(testLogits, test.Labels);
        double tpr = testLogits.masked_select(test.Labels).gt(probe.Threshold).to(ScalarType.Float32).mean().item<float>();
        return new FittedProbe(probe, new ProbeReport(auroc, fpr, tpr), train, test);
    }

    /// <summary>The q-quantile of the blind-spot coordinate over problems, estimated on a fresh sample.</summary>
    internal static double BlindSpotQuantile(TaskEnvironment env, double q, Generator g)
    {
        using var _ = no_grad();
        var (x, _) = env.Sample(4096, g);
        var sorted = env.BlindSpotCoordinate(x).to(ScalarType.Float64).data<double>().ToArray();
        Array.Sort(sorted);
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    /// <summary>
    /// Refits the detector, of the same family (for all: choosing its layers afresh), on <paramref name="model"/>'s
    /// activations over the original labelled responses, and recalibrates it on honest reference responses read
    /// through that model.
    /// </summary>
    public static Detector Refit(RewardHackingConfig c, TaskEnvironment env, PolicyNetwork reference, PolicyNetwork model,
        ProbeData train, Generator g)
    {
        var probe = Detector.Fit(c.ProbeKind, c.ProbeAggregation, c.ProbeLayers, train.Read(model).TokenActivations, train.Emitted, train.Labels);
        var honestMask = Responses.LogitMask(env.Vocabulary, c.MaxTokens, c.Evasion == Evasion.Filler, allowHack: false);
        probe.Calibrate(HonestLogits(probe, reference, model, env, honestMask, c, g), c.ProbeFpr);
        probe.Sharpness = c.ProbeSharpness;
        return probe;
    }

    /// <summary>Logits of fresh honest responses written by <paramref name="writer"/> and read through <paramref name="reader"/>.</summary>
    static Tensor HonestLogits(Detector probe, PolicyNetwork writer, PolicyNetwork reader, TaskEnvironment env, Tensor mask, RewardHackingConfig c, Generator g)
    {
        using var _ = no_grad();
        var (x, _) = env.Sample(CalibrationResponses, g);
        var tokens = Responses.Sample(writer, x, mask, g);
        return probe.Logit(reader.Forward(x, tokens).TokenActivations, Responses.Emitted(tokens, env.Vocabulary));
    }

    /// <summary>Held-out AUROC of logits against boolean labels.</summary>
    public static double AurocOf(Tensor logits, Tensor labels) =>
        Auroc.Compute(logits.detach().to(ScalarType.Float64).data<double>().ToArray(), labels.data<bool>().ToArray());

    /// <summary>
    /// Zvi's "loss of insight" check: a new detector of the same family (for all: an ensemble whose layers are
    /// chosen afresh) fitted on the final model's activations over the same labelled responses; its held-out
    /// AUROC says whether the information survived. AUROC ranks, so it needs no calibration.
    /// </summary>
    public static double FreshProbeAuroc(RewardHackingConfig c, PolicyNetwork model, ProbeData train, ProbeData test)
    {
        var fresh = Detector.Fit(c.ProbeKind, c.ProbeAggregation, c.ProbeLayers, train.Read(model).TokenActivations, train.Emitted, train.Labels);
        using var _ = no_grad();
        return AurocOf(fresh.Logit(test.Read(model).TokenActivations, test.Emitted), test.Labels);
    }
}
