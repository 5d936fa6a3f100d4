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
    // Scalars held in fields stay reachable during every native call that reads them (see GradientOptimizer).
    readonly Scalar momentum, step;

    public SgdOptimizer(IEnumerable<Tensor> parameters, double lr, double momentum = 0.9) : base(parameters)
    {
        velocity = Parameters.Select(p => zeros_like(p)).ToArray();
        (this.momentum, step) = (momentum, -lr);
    }

    public override void Step()
    {
        using var _ = no_grad();
        for (int i = 0; i < Parameters.Length; i++)
        {
            if (Parameters[i].grad is not { } g) continue;
            velocity[i].mul_(momentum).add_(g);
            Parameters[i].add_(velocity[i], alpha: step);
        }
    }
}
