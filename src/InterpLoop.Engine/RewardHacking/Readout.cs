using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// The policy's linear read-out, h·W + b, with W's columns padded with zeros to a multiple of 16 for the product and
/// the padding's logits dropped after it. MKL computes a product only 11 columns wide (the default vocabulary) on a
/// slow path: [1792, 64] × [64, 11] took 210–300 µs here against 53–61 µs at 16 columns, and so did its weight
/// gradient hᵀ·g, for a quarter of the work (a microbenchmark, engine 0.7.0). The padding's columns get exactly zero
/// gradient, since nothing reads their logits, and W itself keeps its shape [H, V]. A padded product's rows round
/// otherwise than the narrow one's (within 1e-5), so this is engine 0.8.0's arithmetic; a member's slice of the
/// batched product still equals its own product bit for bit, as PolicyPopulation needs.
/// </summary>
internal static class Readout
{
    const int Multiple = 16;

    /// <summary>h [..., m, H] times W [..., H, V] plus b [..., V] (b broadcast over the rows): [..., m, V]. A leading population dimension, if any, takes a batched product.</summary>
    public static Tensor Logits(Tensor h, Tensor weight, Tensor bias)
    {
        long v = weight.shape[^1];
        bool population = weight.dim() == 3;
        var padded = Padded(weight);                                            // [..., H, V']
        var product = population ? h.bmm(padded) : h.matmul(padded);            // [..., m, V']
        return product.narrow(-1, 0, v) + (population ? bias.unsqueeze(1) : bias);   // [..., m, V]
    }

    static Tensor Padded(Tensor weight)
    {
        long v = weight.shape[^1], extra = (Multiple - v % Multiple) % Multiple;
        if (extra == 0) return weight;
        var shape = weight.shape.ToArray();
        shape[^1] = extra;
        return cat(new[] { weight, zeros(shape, dtype: weight.dtype) }, weight.dim() - 1);
    }
}
