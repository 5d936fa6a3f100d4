using InterpLoop.Engine;
using InterpLoop.Engine.RewardHacking;
using static TorchSharp.torch;

namespace InterpLoop.Properties.Engine;

/// <summary>Preludes for tests of caching and storage: real shapes, values from a seed, no training.</summary>
internal static class TinyPreludes
{
    const int Features = 3, Hidden = 4, Answers = 2, MaxTokens = 3, Pairs = 5;

    public static Prelude Make(long seed)
    {
        using var scope = NewDisposeScope();
        var g = new Generator((ulong)seed + 1);
        var v = new Vocabulary(Answers);
        var reference = PolicyNetwork.Initialise(Features, Hidden, v, MaxTokens, g).Clone(trainable: false);
        // Odd seeds: a two-layer ensemble (probe.layer = all), so snapshots carry every member.
        var layers = seed % 2 == 1 ? new[] { 1, 2 } : new[] { 2 };
        var members = layers.Select(layer => (layer, new ProbeParts(ProbeKind.Linear, ProbeAggregation.Mean,
            new[] { randn(Hidden, generator: g), randn(1, generator: g).squeeze() }, TrainingCrossEntropy: 0.4 + 0.01 * layer))).ToList();
        var detector = Detector.FromParts(new DetectorParts(members, Threshold: 0.25 + seed, Sharpness: 4));
        var prelude = new Prelude(reference, new FittedProbe(detector, new ProbeReport(0.9, 0.05, double.NaN), Data(g), Data(g)));
        foreach (var t in prelude.Tensors) t.DetachFromDisposeScope();
        return prelude;
    }

    /// <summary>Whether every tensor of the prelude has been freed.</summary>
    public static bool Disposed(Prelude p) => p.Tensors.All(t => t.IsInvalid);

    static ProbeData Data(Generator g)
    {
        var tokens = randint(0, Answers + 3, new long[] { 2 * Pairs, MaxTokens }, generator: g);
        return new ProbeData(randn(2 * Pairs, Features, generator: g), tokens, tokens.ne(Answers + 2),
            cat(new[] { zeros(Pairs, dtype: ScalarType.Bool), ones(Pairs, dtype: ScalarType.Bool) }, 0));
    }
}
