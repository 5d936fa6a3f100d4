using FsCheck;
using FsCheck.Fluent;
using InterpLoop.Engine.RewardHacking;
using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Properties.Engine;

/// <summary>
/// The row softmaxes are ATen's functions within float rounding, masked entries (−1e9) get probability 0 and a
/// log-probability of −1e9, the backward pass is log-softmax's gradient, and the eight-lane path gives the bits of the
/// one-lane path.
/// </summary>
public class RowSoftmaxTests
{
    static Gen<(float[] Logits, float[] Mask, int Width, int Stride, int Rows)> Cases =>
        from width in Gen.OneOf(Gen.Choose(1, 16), Gen.Choose(17, 21))
        from pad in Gen.Choose(0, 5)
        from rows in Gen.Choose(1, 12)
        from logits in Gen.ArrayOf(Gen.OneOf(Gen.Choose(-4_000_000, 4_000_000).Select(i => i / 100_000f), Gen.Elements(0f, -0f, 80f, -80f)), rows * (width + pad))
        from banned in Gen.ArrayOf(Gen.Frequency((4, Gen.Constant(0f)), (1, Gen.Constant(-1e9f))), rows * width)
        select (logits, banned.Select((b, i) => i % width == 0 ? 0f : b).ToArray(), width, width + pad, rows);   // the first entry of a row stays allowed

    static bool Same(float a, float b) => float.IsNaN(a) ? float.IsNaN(b) : BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b);

    static Tensor Aten(float[] logits, float[] mask, int width, int stride, int rows, bool log)
    {
        var x = tensor(logits).view(rows, stride).narrow(1, 0, width).to(ScalarType.Float64) + tensor(mask).view(rows, width).to(ScalarType.Float64);
        return log ? x.log_softmax(1) : x.softmax(1);
    }

    [Fact]
    public void Softmax_and_log_softmax_are_atens_within_rounding() =>
        Prop.ForAll(Arb.From(Cases), c =>
        {
            using var scope = NewDisposeScope();
            var probabilities = new float[c.Rows * c.Width];
            var logProbs = new float[c.Rows * c.Width];
            RowSoftmax.Softmax(c.Logits, c.Stride, c.Mask, c.Width, probabilities, c.Width);
            RowSoftmax.LogSoftmax(c.Logits, c.Stride, c.Mask, c.Width, logProbs, c.Width);
            var p = Aten(c.Logits, c.Mask, c.Width, c.Stride, c.Rows, log: false);
            var lp = Aten(c.Logits, c.Mask, c.Width, c.Stride, c.Rows, log: true);
            Assert.True(tensor(probabilities).view(c.Rows, c.Width).to(ScalarType.Float64).allclose(p, rtol: 1e-5, atol: 1e-7), "softmax");
            Assert.True(tensor(logProbs).view(c.Rows, c.Width).to(ScalarType.Float64).allclose(lp, rtol: 1e-6, atol: 1e-5), "log-softmax");
            for (int i = 0; i < c.Mask.Length; i++)
                if (c.Mask[i] != 0) Assert.True(probabilities[i] == 0 && logProbs[i] <= -1e9f + 1e3f, $"masked entry {i}: {probabilities[i]}, {logProbs[i]}");
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void The_backward_pass_is_the_gradient_of_log_softmax() =>
        Prop.ForAll(Arb.From(Cases), c =>
        {
            using var scope = NewDisposeScope();
            var logProbs = new float[c.Rows * c.Width];
            RowSoftmax.LogSoftmax(c.Logits, c.Stride, c.Mask, c.Width, logProbs, c.Width);
            var upstream = Enumerable.Range(0, logProbs.Length).Select(i => (float)Math.Sin(i * 1.7)).ToArray();
            var result = new float[logProbs.Length];
            RowSoftmax.LogSoftmaxBackward(upstream, logProbs, result, c.Width);

            var x = (tensor(c.Logits).view(c.Rows, c.Stride).narrow(1, 0, c.Width).to(ScalarType.Float64) + tensor(c.Mask).view(c.Rows, c.Width).to(ScalarType.Float64))
                .detach().requires_grad_();
            (x.log_softmax(1) * tensor(upstream).view(c.Rows, c.Width).to(ScalarType.Float64)).sum().backward();
            Assert.True(tensor(result).view(c.Rows, c.Width).to(ScalarType.Float64).allclose(x.grad!, rtol: 1e-5, atol: 1e-5), "gradient");
        }).QuickCheckThrowOnFailure();

    [VectorFact]
    public void Eight_lanes_at_a_time_give_the_bits_of_one_at_a_time() =>
        Prop.ForAll(Arb.From(Cases), c =>
        {
            foreach (bool log in new[] { true, false })
            {
                var vector = new float[c.Rows * c.Width];
                var scalar = new float[c.Rows * c.Width];
                RowSoftmax.Rows(c.Logits, c.Stride, c.Mask, c.Width, vector, c.Width, log, vectorized: true);
                RowSoftmax.Rows(c.Logits, c.Stride, c.Mask, c.Width, scalar, c.Width, log, vectorized: false);
                for (int i = 0; i < vector.Length; i++) Assert.True(Same(vector[i], scalar[i]), $"{(log ? "log-softmax" : "softmax")} entry {i}: {vector[i]:R} against {scalar[i]:R}");
                if (!log) continue;
                var upstream = Enumerable.Range(0, vector.Length).Select(i => (float)Math.Cos(i * 0.3)).ToArray();
                var (bv, bs) = (new float[vector.Length], new float[vector.Length]);
                RowSoftmax.LogSoftmaxBackward(upstream, vector, bv, c.Width, vectorized: true);
                RowSoftmax.LogSoftmaxBackward(upstream, vector, bs, c.Width, vectorized: false);
                for (int i = 0; i < bv.Length; i++) Assert.True(Same(bv[i], bs[i]), $"backward entry {i}: {bv[i]:R} against {bs[i]:R}");
            }
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void A_shared_mask_row_applies_to_every_row_and_short_inputs_are_refused()
    {
        var logits = new float[] { 1, 2, 3, 4, 5, 6 };
        var shared = new float[6];
        var each = new float[6];
        RowSoftmax.Softmax(logits, 3, new float[] { 0, -1e9f, 0 }, 0, shared, 3);
        RowSoftmax.Softmax(logits, 3, new float[] { 0, -1e9f, 0, 0, -1e9f, 0 }, 3, each, 3);
        Assert.Equal(each, shared);
        Assert.Equal(0f, shared[4]);
        var error = Assert.Throws<ArgumentException>(() => RowSoftmax.Softmax(logits, 4, new float[3], 0, new float[6], 3));
        Assert.Contains("need more logits", error.Message);
    }
}
