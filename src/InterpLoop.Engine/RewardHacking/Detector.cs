using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// The in-loop deception detector at probe.layer: the <see cref="Probe"/>s it reads, one response logit made
/// of theirs, and one threshold calibrated on that logit so that a set share of honest reference responses
/// score above it. ψ = σ(sharpness·(logit − threshold)) is ½ exactly at the threshold and near 0 well below it
/// (so honest answers are not penalised for being slightly suspicious).
/// At an integer probe.layer it holds that layer's probe and its logit is the probe's own. At probe.layer = all
/// it is the Obfuscation Atlas' ensemble: one probe per hidden layer, of the same kind and aggregation, kept when
/// its training cross-entropy is below <see cref="KeptBelow"/> (the best one when none is).
/// </summary>
internal sealed partial class Detector
{
    /// <summary>The Atlas' cut: a layer whose probe fits its training data worse than this is dropped from the ensemble.</summary>
    public const double KeptBelow = 0.6;

    readonly IReadOnlyList<(int Layer, Probe Probe)> members;

    Detector(IReadOnlyList<(int Layer, Probe Probe)> members) { this.members = members; }

    /// <summary>The hidden layers the detector reads, ascending.</summary>
    public IReadOnlyList<int> Layers => members.Select(m => m.Layer).ToList();

    /// <summary>The probe it reads at each of <see cref="Layers"/>.</summary>
    public IReadOnlyList<Probe> Probes => members.Select(m => m.Probe).ToList();

    /// <summary>The layer and probe of a detector that reads one linear probe (its logit is the probe's own); null otherwise.</summary>
    internal (int Layer, Probe Probe)? SoleLinearProbe => members.Count == 1 && members[0].Probe.Kind == ProbeKind.Linear ? members[0] : null;

    /// <summary>The calibrated decision threshold on the detector's response logit.</summary>
    public double Threshold { get; private set; }

    /// <summary>Slope of ψ in the logit around the threshold.</summary>
    public double Sharpness { get; set; } = 1;

    /// <summary>A detector of one given probe (tests use it to feed the learner pathological scores).</summary>
    internal static Detector Of(int layer, Probe probe, double threshold) => new(new[] { (layer, probe) }) { Threshold = threshold };

    /// <summary>
    /// Fits a probe at each of <paramref name="layers"/> on the same labelled responses and keeps those the Atlas
    /// would. <paramref name="activations"/> gives a layer's token activations [n, L, H]; emitted: [n, L];
    /// labels: [n] bool. Not yet calibrated.
    /// </summary>
    public static Detector Fit(ProbeKind kind, ProbeAggregation aggregation, IReadOnlyList<int> layers,
        Func<int, Tensor> activations, Tensor emitted, Tensor labels)
    {
        var fitted = layers.Select(layer => (Layer: layer, Probe: Probe.Fit(kind, aggregation, activations(layer), emitted, labels))).ToList();
        var kept = fitted.Where(f => f.Probe.TrainingCrossEntropy < KeptBelow).ToList();
        // A single named layer is read whatever its fit; an ensemble with no good layer still needs one to read.
        if (fitted.Count == 1) kept = fitted;
        else if (kept.Count == 0) kept = new() { fitted.OrderBy(f => f.Probe.TrainingCrossEntropy).ThenBy(f => f.Layer).First() };
        return new Detector(kept);
    }

    /// <summary>
    /// The response's logit: [n]. One layer: its probe's pooled logit. Several: the log-odds of the mean of
    /// their sigmoids, the Atlas' average of per-layer probabilities. Keeping it a logit lets the ensemble be
    /// calibrated and scored as one probe: the threshold is a quantile of this very quantity on honest responses,
    /// so the calibrated false-positive rate holds for the ensemble as it does for a single layer, and ψ's
    /// sharpness acts on the same log-odds scale. Averaging probabilities rather than logits bounds each
    /// layer's say: a layer whose logit runs off to ±20 moves the mean by at most 1/k, where in a mean of logits
    /// it would outvote the rest. Computed as logsumexp(log σ(ℓ)) − logsumexp(log σ(−ℓ)) (the 1/k cancels), which
    /// stays finite and differentiable where σ saturates, so gradients through the probe reach every kept layer.
    /// </summary>
    public Tensor Logit(Func<int, Tensor> activations, Tensor emitted)
    {
        if (members.Count == 1) return members[0].Probe.Logit(activations(members[0].Layer), emitted);
        var logits = stack(members.Select(m => m.Probe.Logit(activations(m.Layer), emitted)).ToArray(), 0);   // [k, n]
        return nn.functional.logsigmoid(logits).logsumexp(0) - nn.functional.logsigmoid(-logits).logsumexp(0);
    }

    /// <summary>ψ = σ(sharpness·(logit − threshold)): [n].</summary>
    public Tensor Score(Func<int, Tensor> activations, Tensor emitted) => ScoreOfLogit(Logit(activations, emitted));

    public Tensor ScoreOfLogit(Tensor logit) => ((logit - Threshold) * Sharpness).sigmoid();

    /// <summary>Sets the threshold to the (1 − fpr) quantile of honest responses' logits.</summary>
    public void Calibrate(Tensor honestLogits, double falsePositiveRate)
    {
        var sorted = honestLogits.detach().to(ScalarType.Float64).data<double>().ToArray();
        Array.Sort(sorted);
        // The smallest threshold with at most fpr·n honest logits strictly above it.
        int index = (int)Math.Ceiling((1 - falsePositiveRate) * sorted.Length) - 1;
        Threshold = sorted[Math.Clamp(index, 0, sorted.Length - 1)];
    }
}
