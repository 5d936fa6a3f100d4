using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine;

/// <summary>Adam (Kingma and Ba 2015) with bias correction; used where drift does not matter (pretraining, probe fitting).</summary>
internal sealed class AdamOptimizer : GradientOptimizer
{
    readonly Tensor[] m, v;
    readonly double lr, beta1, beta2, eps;
    int t;

    public AdamOptimizer(IEnumerable<Tensor> parameters, double lr, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
        : base(parameters)
    {
        m = Parameters.Select(p => zeros_like(p)).ToArray();
        v = Parameters.Select(p => zeros_like(p)).ToArray();
        (this.lr, this.beta1, this.beta2, this.eps) = (lr, beta1, beta2, eps);
    }

    public override void Step()
    {
        t++;
        double c1 = 1 - Math.Pow(beta1, t), c2 = 1 - Math.Pow(beta2, t);
        using var _ = no_grad();
        for (int i = 0; i < Parameters.Length; i++)
        {
            if (Parameters[i].grad is not { } g) continue;
            m[i].mul_(beta1).add_(g, alpha: 1 - beta1);
            v[i].mul_(beta2).addcmul_(g, g, value: 1 - beta2);
            using var denom = (v[i] / c2).sqrt_().add_(eps);
            Parameters[i].addcdiv_(m[i], denom, value: -lr / c1);
        }
    }
}
