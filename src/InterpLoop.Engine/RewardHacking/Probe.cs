using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// A probe on one hidden layer's token activations. It gives each emitted token a logit (linear: logistic
/// regression; mlp: one tanh hidden layer) and pools them over the response (mean, or max: a mean is diluted
/// by many innocuous tokens, a max is not). Its weights never train during RL. The in-loop detector built
/// from one probe or several, with its calibrated threshold and score ψ, is <see cref="Detector"/>.
/// </summary>
internal sealed partial class Probe
{
    const int FitSteps = 500, MlpWidth = 16;
    const double MlpLearningRate = 0.02, L2 = 1e-3;

    readonly ProbeKind kind;
    readonly ProbeAggregation aggregation;
    readonly Tensor[] weights;   // linear: w [H], b []; mlp: W1 [H, 16], b1 [16], w2 [16], b2 []

    Probe(ProbeKind kind, ProbeAggregation aggregation, Tensor[] weights)
    {
        this.kind = kind; this.aggregation = aggregation; this.weights = weights;
    }

    /// <summary>
    /// The class-balanced token-level cross-entropy of the fitted weights on their training tokens (the fit's
    /// loss without its L2 term): how well this layer separates the classes, which decides whether an
    /// ensemble keeps it (<see cref="Detector.KeptBelow"/>). NaN for a probe that was not fitted.
    /// </summary>
    public double TrainingCrossEntropy { get; private init; } = double.NaN;

    public ProbeKind Kind => kind;
    public ProbeAggregation Aggregation => aggregation;

    /// <summary>A linear probe's weight [H] and bias []; null for an mlp one.</summary>
    internal (Tensor Weight, Tensor Bias)? LinearWeights => kind == ProbeKind.Linear ? (weights[0], weights[1]) : null;

    /// <summary>A linear probe with given weights (tests use it to feed the learner pathological scores).</summary>
    internal static Probe Linear(Tensor weight, Tensor bias, ProbeAggregation aggregation = ProbeAggregation.Mean) =>
        new(ProbeKind.Linear, aggregation, new[] { weight, bias });

    /// <summary>Per-token logits: [n, L]. Differentiable in the activations.</summary>
    public Tensor TokenLogits(Tensor tokenActivations) => TokenLogits(tokenActivations, weights);

    Tensor TokenLogits(Tensor h, Tensor[] p) => kind == ProbeKind.Linear
        ? h.matmul(p[0]) + p[1]                                                          // [n, L]
        : tanh(h.matmul(p[0]) + p[1]).matmul(p[2]) + p[3];                              // [n, L]

    /// <summary>The response's logit, its tokens' logits pooled over the emitted ones: [n].</summary>
    public Tensor Logit(Tensor tokenActivations, Tensor emitted) => Pool(TokenLogits(tokenActivations), emitted);

    Tensor Pool(Tensor tokenLogits, Tensor emitted) => aggregation == ProbeAggregation.Mean
        ? (tokenLogits * emitted).sum(1) / emitted.sum(1).clamp_min(1)
        : tokenLogits.masked_fill(emitted.logical_not(), float.NegativeInfinity).amax(new long[] { 1 });

    /// <summary>
    /// Fits at the token level, as deception probes usually are: every emitted token's activation is an
    /// example labelled by its response (so a token that appears in both kinds of response, like filler,
    /// learns a logit near its class odds). The class-balanced logistic loss with a small L2 penalty on the
    /// weights: minimised by Newton's method for a linear probe (<see cref="FitLinear"/>), descended by full-batch
    /// Adam from a fixed initialisation for an mlp one; either way the fit is deterministic given the data.
    /// tokenActivations: [n, L, H]; emitted: [n, L]; labels: [n] bool.
    /// </summary>
    public static Probe Fit(ProbeKind kind, ProbeAggregation aggregation, Tensor tokenActivations, Tensor emitted, Tensor labels)
    {
        using var gradients = enable_grad();   // callers may be measuring under no_grad
        long hidden = tokenActivations.shape[2];
        var tokens = tokenActivations.detach().masked_select(emitted.unsqueeze(2)).view(-1, hidden);   // [m, H]
        var tokenLabels = labels.unsqueeze(1).expand_as(emitted).masked_select(emitted);                 // [m]
        var y = tokenLabels.to(ScalarType.Float32);
        double positives = y.sum().item<float>(), n = y.shape[0];
        // Balanced weights: each class contributes half the loss whatever its share.
        var sampleWeight = where(tokenLabels, full_like(y, n / (2 * Math.Max(positives, 1))), full_like(y, n / (2 * Math.Max(n - positives, 1))));
        // Centred, not standardised: scaling up near-constant directions would let the probe lean on
        // them, and any drift along them during RL would then swing its logit wildly.
        var mean = tokens.mean(new long[] { 0 });                                          // [H]
        var x = tokens - mean;                                                             // [m, H]

        var p = kind == ProbeKind.Linear ? FitLinear(x, y, sampleWeight) : FitMlp(x, y, sampleWeight);
        var probe = new Probe(kind, aggregation, p);
        // Fold the centring into the first layer's bias so the probe reads raw activations.
        using var _ = no_grad();
        double crossEntropy = (nn.functional.binary_cross_entropy_with_logits(probe.TokenLogits(x, p), y, reduction: nn.Reduction.None) * sampleWeight)
            .mean().to(ScalarType.Float64).item<double>();
        var fitted = p.Select(t => t.detach().requires_grad_(false)).ToArray();
        fitted[1] = (fitted[1] - mean.matmul(fitted[0])).requires_grad_(false);
        return new Probe(kind, aggregation, fitted) { TrainingCrossEntropy = crossEntropy };
    }

    /// <summary>The mlp probe's fit: full-batch Adam, <see cref="FitSteps"/> steps, from a fixed initialisation (its loss is not convex).</summary>
    static Tensor[] FitMlp(Tensor x, Tensor y, Tensor sampleWeight)
    {
        var p = InitialMlpWeights(x.shape[1]);
        var probe = new Probe(ProbeKind.Mlp, ProbeAggregation.Mean, p);
        var optimizer = new AdamOptimizer(p, MlpLearningRate);
        for (int step = 0; step < FitSteps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.ZeroGrad();
            var logits = probe.TokenLogits(x, p);                                          // [m]
            var loss = (nn.functional.binary_cross_entropy_with_logits(logits, y, reduction: nn.Reduction.None) * sampleWeight).mean()
                       + L2 * p[0].square().sum();
            loss.backward();
            optimizer.Step();
        }
        return p;
    }

    static Tensor[] InitialMlpWeights(long hidden)
    {
        // A fixed generator: the fit must not depend on (or disturb) any run's random streams.
        var g = new Generator(1);
        return new[]
        {
            (randn(hidden, MlpWidth, generator: g) / Math.Sqrt(hidden)).requires_grad_(), zeros(MlpWidth).requires_grad_(),
            (randn(MlpWidth, generator: g) / Math.Sqrt(MlpWidth)).requires_grad_(), zeros(1).squeeze().requires_grad_(),
        };
    }
}
