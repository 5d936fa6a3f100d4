using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// A deception detector: logistic regression on one hidden layer's token activations; a response's logit
/// is the mean of its emitted tokens' logits (equivalently, the probe applied to the mean-pooled activation). Its threshold is calibrated so that a set share of honest reference
/// responses score above it; the score ψ = σ(sharpness·(logit − threshold)) is ½ exactly at the threshold,
/// near 0 for responses well below it (so honest answers are not penalised for being slightly suspicious).
/// </summary>
internal sealed class LinearProbe
{
    const int FitSteps = 500;
    const double FitLearningRate = 0.1, L2 = 1e-3;

    readonly Tensor weight, bias;   // [H], []

    LinearProbe(Tensor weight, Tensor bias) { this.weight = weight; this.bias = bias; }

    /// <summary>A probe with given weights (tests use it to feed the learner pathological scores).</summary>
    internal static LinearProbe FromWeights(Tensor weight, Tensor bias, double threshold) => new(weight, bias) { Threshold = threshold };

    /// <summary>Slope of ψ in the logit around the threshold.</summary>
    public double Sharpness { get; set; } = 1;

    /// <summary>The calibrated decision threshold on the raw logit.</summary>
    public double Threshold { get; private set; }

    /// <summary>Mean of the emitted tokens' activations. tokenActivations: [n, L, H]; emitted: [n, L].</summary>
    public static Tensor Pool(Tensor tokenActivations, Tensor emitted)
    {
        var m = emitted.to(ScalarType.Float32).unsqueeze(2);                       // [n, L, 1]
        return (tokenActivations * m).sum(1) / m.sum(1).clamp_min(1);             // [n, H]
    }

    /// <summary>Raw logit w·pool + b: [n]. Differentiable in the activations; the probe's own weights are frozen.</summary>
    public Tensor Logit(Tensor tokenActivations, Tensor emitted) => Pool(tokenActivations, emitted).matmul(weight) + bias;

    /// <summary>ψ = σ(sharpness·(logit − threshold)): [n].</summary>
    public Tensor Score(Tensor tokenActivations, Tensor emitted) => ScoreOfLogit(Logit(tokenActivations, emitted));

    public Tensor ScoreOfLogit(Tensor logit) => ((logit - Threshold) * Sharpness).sigmoid();

    /// <summary>
    /// Fits at the token level, as deception probes usually are: every emitted token's activation is an
    /// example labelled by its response (so a token that appears in both kinds of response, like filler,
    /// learns a logit near its class odds). Full-batch Adam on the class-balanced logistic loss with a
    /// small L2 penalty, from zero weights, so the fit is deterministic given the data.
    /// tokenActivations: [n, L, H]; emitted: [n, L]; labels: [n] bool.
    /// </summary>
    public static LinearProbe Fit(Tensor tokenActivations, Tensor emitted, Tensor labels)
    {
        using var gradients = enable_grad();   // callers may be measuring under no_grad
        long hidden = tokenActivations.shape[2];
        var tokens = tokenActivations.detach().masked_select(emitted.unsqueeze(2)).view(-1, hidden);   // [m, H]
        var tokenLabels = labels.unsqueeze(1).expand_as(emitted).masked_select(emitted);                 // [m]
        var w = zeros(hidden).requires_grad_();
        var b = zeros(1).requires_grad_();
        var y = tokenLabels.to(ScalarType.Float32);
        double positives = y.sum().item<float>(), n = y.shape[0];
        // Balanced weights: each class contributes half the loss whatever its share.
        var sampleWeight = where(tokenLabels, full_like(y, n / (2 * Math.Max(positives, 1))), full_like(y, n / (2 * Math.Max(n - positives, 1))));
        var optimizer = new AdamOptimizer(new[] { w, b }, FitLearningRate);
        // Centred, not standardised: scaling up near-constant directions would let the probe lean on
        // them, and any drift along them during RL would then swing its logit wildly.
        var mean = tokens.mean(new long[] { 0 });                                          // [H]
        var x = tokens - mean;                                                             // [m, H]
        for (int step = 0; step < FitSteps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.ZeroGrad();
            var logits = x.matmul(w) + b;                                                  // [m]
            var loss = (nn.functional.binary_cross_entropy_with_logits(logits, y, reduction: nn.Reduction.None) * sampleWeight).mean()
                       + L2 * w.square().sum();
            loss.backward();
            optimizer.Step();
        }
        var weight = w.detach().requires_grad_(false);
        var bias = (b.detach().squeeze() - (weight * mean).sum()).requires_grad_(false);
        return new LinearProbe(weight, bias);
    }

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
