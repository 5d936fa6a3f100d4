using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine;

/// <summary>
/// A first-order optimiser over a fixed list of parameter tensors. Written out rather than taken from
/// torch.optim so that its state lives in the caller's dispose scope, it issues few native calls, and
/// its arithmetic is fixed across TorchSharp versions.
/// TorchSharp's Scalar has a finalizer and is not tracked by dispose scopes, so a Scalar made implicitly
/// from a double for one native call can be finalized by a garbage collection that another thread
/// triggers during that call (seen once under parallel tests as "Unknown scalar type"). The optimisers,
/// which make most such calls, therefore keep their Scalars in fields or in using-declarations.
/// </summary>
internal abstract class GradientOptimizer
{
    protected GradientOptimizer(IEnumerable<Tensor> parameters) => Parameters = parameters.ToArray();

    protected Tensor[] Parameters { get; }

    public void ZeroGrad()
    {
        foreach (var p in Parameters) p.grad?.zero_();
    }

    /// <summary>The global L2 norm of the current gradients (NaN or ∞ when they are not finite).</summary>
    public double GradNorm()
    {
        using var scope = NewDisposeScope();
        var total = 0.0;
        foreach (var p in Parameters)
            if (p.grad is { } g) total += g.square().sum().item<float>();
        return Math.Sqrt(total);
    }

    public abstract void Step();
}
