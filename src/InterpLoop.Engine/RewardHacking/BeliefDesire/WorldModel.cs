using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine.RewardHacking.BeliefDesire;

/// <summary>
/// Byrnes' belief box: maps (problem x, candidate plan) to a representation, with a small residual network
/// like the monolithic policy's, and is trained only to predict the plan's consequences (whether it passes
/// the visible and the hidden check), never by the reward. Representations: [n, H] at layer 1 or 2.
/// </summary>
internal sealed class WorldModel
{
    WorldModel(Tensor[] parameters, int plans) { Parameters = parameters; Plans = plans; }

    public Tensor[] Parameters { get; }
    public int Plans { get; }

    public static WorldModel Initialise(int features, int hidden, int plans, Generator g)
    {
        Tensor Weight(int fanIn, int fanOut) => (randn(fanIn, fanOut, generator: g) / Math.Sqrt(fanIn)).requires_grad_();
        return new WorldModel(new[]
        {
            Weight(features + plans, hidden),                          // embedding
            Weight(hidden, hidden), zeros(hidden).requires_grad_(),    // block 1
            Weight(hidden, hidden), zeros(hidden).requires_grad_(),    // block 2
            Weight(hidden, 2), zeros(2).requires_grad_(),              // consequences: visible, hidden
        }, plans);
    }

    public WorldModel Clone(bool trainable) => new(Parameters.Select(p => p.detach().clone().requires_grad_(trainable)).ToArray(), Plans);

    /// <summary>x: [n, d]; plans: [n] int64. Returns both layers' representations [n, H] and consequence logits [n, 2].</summary>
    public (Tensor Layer1, Tensor Layer2, Tensor Consequences) Forward(Tensor x, Tensor plans)
    {
        var u = cat(new[] { x, nn.functional.one_hot(plans, Plans).to(ScalarType.Float32) }, 1); // [n, d+P]
        var h0 = u.matmul(Parameters[0]);                                                       // [n, H]
        var h1 = TanhBlock.Residual(h0, Parameters[1], Parameters[2]);                                   // [n, H]
        var h2 = TanhBlock.Residual(h1, Parameters[3], Parameters[4]);                                   // [n, H]
        return (h1, h2, h2.matmul(Parameters[5]) + Parameters[6]);                              // [n, 2]
    }

    public Tensor Representation(Tensor x, Tensor plans, int layer)
    {
        var (h1, h2, _) = Forward(x, plans);
        return layer == 1 ? h1 : h2;
    }

    /// <summary>Binary cross-entropy of the predicted consequences. visible, hidden: [n] float.</summary>
    public Tensor PredictionLoss(Tensor x, Tensor plans, Tensor visible, Tensor hidden) =>
        nn.functional.binary_cross_entropy_with_logits(Forward(x, plans).Consequences, stack(new[] { visible, hidden }, 1));
}
