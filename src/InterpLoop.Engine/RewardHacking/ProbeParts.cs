using static TorchSharp.torch;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// Everything a fitted <see cref="Probe"/> is: its family, pooling, weights (linear: w [H], b []; mlp: W1 [H, 16],
/// b1 [16], w2 [16], b2 []) and training cross-entropy. A prelude keeps, stores and restores a probe through these
/// parts; the weights are the probe's own tensors, not copies.
/// </summary>
internal sealed record ProbeParts(ProbeKind Kind, ProbeAggregation Aggregation, IReadOnlyList<Tensor> Weights, double TrainingCrossEntropy);

internal sealed partial class Probe
{
    /// <summary>The probe's parts (its weights by reference: a caller must not change them).</summary>
    public ProbeParts Parts => new(kind, aggregation, weights, TrainingCrossEntropy);

    /// <summary>The probe these parts describe; the weights become its own.</summary>
    public static Probe FromParts(ProbeParts parts)
    {
        int expected = parts.Kind == ProbeKind.Linear ? 2 : 4;
        if (parts.Weights.Count != expected)
            throw new ArgumentException($"a {parts.Kind} probe has {expected} weight tensors, not {parts.Weights.Count}", nameof(parts));
        return new Probe(parts.Kind, parts.Aggregation, parts.Weights.ToArray()) { TrainingCrossEntropy = parts.TrainingCrossEntropy };
    }
}
