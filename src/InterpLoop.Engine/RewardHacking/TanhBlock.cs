using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// A residual tanh block, h + tanh(z), computed as h + 2σ(2z) − 1 (the same function). ATen hands tanh to MKL's
/// vector math (vsTanh), which here costs about 2.5 ns an element, three times the vectorised sigmoid plus the
/// arithmetic around it; tanh was an eighth of an RL step and of a population's whole run (a `perf` profile,
/// engine 0.6.0). The sigmoid is ATen's own AVX2 kernel, so it is also pinned by ATEN_CPU_CAPABILITY
/// (<see cref="NumericsPinning"/>), where MKL's kernel follows the CPU. In float the two round differently: they
/// differ by at most 1.8e-7 (an ulp of 1, from the cancellation in 2σ − 1), below the residual sum's own rounding.
/// </summary>
internal static class TanhBlock
{
    /// <summary>h + tanh(z), elementwise, for h and z of one shape.</summary>
    public static Tensor Residual(Tensor h, Tensor z) => h.add(z.mul(2).sigmoid(), alpha: 2).sub(1);
}
