using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// Labelled responses for fitting a probe: for each problem an honest response (the reference's own,
/// with HACK banned) and a hacking one (HACK first, the rest as the reference would continue), labelled
/// by ground truth. The tokens are fixed, so the same data can be read through any model's activations.
/// With <c>hackCutoff</c> set, the hacking responses come only from problems below that blind-spot
/// coordinate (see <see cref="TaskEnvironment.SampleBelow"/>): a detector fitted on them has never seen a
/// hack on the other kind of problem.
/// </summary>
internal sealed record ProbeData(Tensor X, Tensor Tokens, Tensor Emitted, Tensor Labels)
{
    public static ProbeData Sample(PolicyNetwork reference, TaskEnvironment env, int pairs, bool allowFiller, Generator g,
        double? hackCutoff = null)
    {
        var v = env.Vocabulary;
        var (x, _) = env.Sample(pairs, g);                                                  // [P, d]
        var hackX = hackCutoff is double cutoff ? env.SampleBelow(pairs, cutoff, g) : x;    // [P, d]
        var honest = Responses.Sample(reference, x, Responses.LogitMask(v, reference.MaxTokens, allowFiller, allowHack: false), g);
        var hack = Responses.Sample(reference, hackX, Responses.LogitMask(v, reference.MaxTokens, allowFiller), g, forceFirst: v.Hack);
        var tokens = cat(new[] { honest, hack }, 0);                                        // [2P, L]
        var labels = cat(new[] { zeros(pairs, dtype: ScalarType.Bool), ones(pairs, dtype: ScalarType.Bool) }, 0);
        return new ProbeData(cat(new[] { x, hackX }, 0), tokens, Responses.Emitted(tokens, v), labels);
    }

    /// <summary>These responses read through <paramref name="model"/>, without gradients; its TokenActivations give a layer's [2P, L, H].</summary>
    public PolicyOutput Read(PolicyNetwork model)
    {
        using var _ = no_grad();
        return model.Forward(X, Tokens);
    }
}
