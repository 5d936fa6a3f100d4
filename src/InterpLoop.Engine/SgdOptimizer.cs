using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine;

/// <summary>
/// SGD with heavy-ball momentum. Each parameter moves in proportion to its gradient, so parameters the
/// objective barely touches barely move (Adam would move them at the full step size).
/// </summary>
internal sealed class SgdOptimizer : GradientOptimizer
{
    readonly Tensor[] velocity;
    readonly double lr, momentum;

    public SgdOptimizer(IEnumerable<Tensor> parameters, double lr, double momentum = 0.9) : base(parameters)
    {
        velocity = Parameters.Select(p => zeros_like(p)).ToArray();
        (this.lr, this.momentum) = (lr, momentum);
    }

    public override void Step()
    {
        using var _ = no_grad();
        for (int i = 0; i < Parameters.Length; i++)
        {
            if (Parameters[i].grad is not { } g) continue;
            velocity[i].mul_(momentum).add_(g);
            Parameters[i].add_(velocity[i], alpha: -lr);
        }
    }
}
