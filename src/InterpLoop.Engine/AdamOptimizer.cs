using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine;

/// <summary>Adam (Kingma and Ba 2015) with bias correction; used where drift does not matter (pretraining, probe fitting).</summary>
internal sealed class AdamOptimizer : GradientOptimizer
{
    readonly Tensor[] m, v;
    readonly double lr, beta1, beta2;
    // Scalars held in fields stay reachable during every native call that reads them (see GradientOptimizer).
    readonly Scalar beta1Scalar, oneMinusBeta1, beta2Scalar, oneMinusBeta2, epsScalar;
    int t;

    public AdamOptimizer(IEnumerable<Tensor> parameters, double lr, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
        : base(parameters)
    {
        m = Parameters.Select(p => zeros_like(p)).ToArray();
        v = Parameters.Select(p => zeros_like(p)).ToArray();
        (this.lr, this.beta1, this.beta2) = (lr, beta1, beta2);
        (beta1Scalar, oneMinusBeta1, beta2Scalar, oneMinusBeta2, epsScalar) = (beta1, 1 - beta1, beta2, 1 - beta2, eps);
    }

    public override void Step()
    {
        t++;
        using Scalar c2 = 1 - Math.Pow(beta2, t), step = -lr / (1 - Math.Pow(beta1, t));
        using var _ = no_grad();
        for (int i = 0; i < Parameters.Length; i++)
        {
            if (Parameters[i].grad is not { } g) continue;
            m[i].mul_(beta1Scalar).add_(g, alpha: oneMinusBeta1);
            v[i].mul_(beta2Scalar).addcmul_(g, g, value: oneMinusBeta2);
            using var denom = (v[i] / c2).sqrt_().add_(epsScalar);
            Parameters[i].addcdiv_(m[i], denom, value: step);
        }
    }
}
