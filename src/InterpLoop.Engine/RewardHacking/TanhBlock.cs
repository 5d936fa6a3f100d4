using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// The belief-desire world model's residual tanh block, h + tanh(h·W + b), in ATen ops under autograd (the policy's
/// blocks are <see cref="PolicyPass"/>'s, since engine 0.10.0), computed as h + 2σ(h·2W + 2b) − 1 (the same function). ATen hands tanh to
/// MKL's vector math (vsTanh), which here costs about 2.5 ns an element, three times the vectorised sigmoid plus the
/// arithmetic around it; tanh was an eighth of an RL step and of a population's whole run (a `perf` profile, engine
/// 0.6.0). The sigmoid is ATen's own AVX2 kernel, so it is also pinned by ATEN_CPU_CAPABILITY (<see cref="NumericsPinning"/>),
/// where MKL's kernel follows the CPU. In float the two round differently: they differ by at most 1.8e-7 (an ulp of 1,
/// from the cancellation in 2σ − 1), below the residual sum's own rounding. The doubling goes into W and b, an [H, H]
/// op rather than one on every row: a power of two commutes with rounding, so h·2W + 2b is 2(h·W + b) bit for bit,
/// and so are the gradients (2W's gradient is doubled into W's, where 2z's was doubled into z's). The bias and the −1
/// go in place: neither op's backward reads the tensor it writes (a product's reads its inputs, an add's nothing), and
/// two fewer [.., m, H] buffers a block is two fewer allocations and cache-cold writes (a population's RL step, 2–9 % less
/// time in three alternating A/B pairs), the same bits.
/// </summary>
internal static class TanhBlock
{
    /// <summary>h + tanh(h·W + b): h [..., H], W [H, H], b [H].</summary>
    public static Tensor Residual(Tensor h, Tensor weight, Tensor bias) => OfDoubled(h, h.matmul(weight * 2).add_(bias * 2));

    /// <summary>h + tanh(z) from 2z, elementwise, for h and 2z of one shape.</summary>
    static Tensor OfDoubled(Tensor h, Tensor doubled) => h.add(doubled.sigmoid(), alpha: 2).sub_(1);
}
