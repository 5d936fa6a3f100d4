using FsCheck;
using FsCheck.Fluent;
using InterpLoop.Engine.RewardHacking;

namespace InterpLoop.Properties.Engine;

/// <summary>
/// The block kernels compute their definitions element by element, bit for bit, at every length and wherever a span
/// starts (the vector body and the one-lane tail meet at a different element each time), and a column sum is the
/// double sum in row order, rounded once.
/// </summary>
public class ResidualKernelsTests
{
    static Gen<float[]> Values(int n) => Gen.ArrayOf(Gen.OneOf(
        Gen.Choose(-3_000_000, 3_000_000).Select(i => i / 100_000f),
        Gen.Elements(0f, -0f, 1f, -1f, 25f, float.NaN)), n);

    static Gen<(float[] A, float[] B, int Start)> Pairs =>
        from n in Gen.Choose(0, 70)
        from start in Gen.Choose(0, 9)
        from a in Values(n + start)
        from b in Values(n + start)
        select (a, b, start);

    static bool Same(float a, float b) => float.IsNaN(a) ? float.IsNaN(b) : BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b);

    [Fact]
    public void Forward_is_tanh_and_the_residual_sum_element_by_element() =>
        Prop.ForAll(Arb.From(Pairs), c =>
        {
            int n = c.A.Length - c.Start;
            var t = new float[n];
            var output = new float[n];
            ResidualKernels.Forward(c.A.AsSpan(c.Start), c.B.AsSpan(c.Start), t, output);
            for (int i = 0; i < n; i++)
            {
                float expected = FloatTanh.Of(c.B[c.Start + i]);
                Assert.True(Same(expected, t[i]) && Same(c.A[c.Start + i] + expected, output[i]), $"element {i} of {n}, starting at {c.Start}");
            }
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Backward_is_the_gradient_times_one_minus_t_squared_rounded_once() =>
        Prop.ForAll(Arb.From(Pairs), c =>
        {
            int n = c.A.Length - c.Start;
            var result = new float[n];
            var t = c.B.Select(FloatTanh.Of).ToArray();
            ResidualKernels.Backward(c.A.AsSpan(c.Start), t.AsSpan(c.Start), result);
            for (int i = 0; i < n; i++)
            {
                float tt = t[c.Start + i];
                Assert.True(Same(c.A[c.Start + i] * MathF.FusedMultiplyAdd(-tt, tt, 1f), result[i]), $"element {i} of {n}, starting at {c.Start}");
            }
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Column_sums_are_double_sums_in_row_order() =>
        Prop.ForAll(Arb.From(from width in Gen.Choose(1, 21) from rows in Gen.Choose(0, 40) from v in Values(width * rows) select (width, v)), c =>
        {
            var sums = new double[c.width];
            ResidualKernels.AccumulateColumns(c.v, c.width, sums);
            var rounded = new float[c.width];
            ResidualKernels.Round(sums, rounded);
            for (int j = 0; j < c.width; j++)
            {
                double expected = 0;
                for (int r = 0; r < c.v.Length / c.width; r++) expected += c.v[r * c.width + j];
                Assert.True(Same((float)expected, rounded[j]), $"column {j}: {rounded[j]:R} against {(float)expected:R}");
            }
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Spans_of_different_lengths_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => ResidualKernels.Forward(new float[8], new float[8], new float[7], new float[8]));
        Assert.Contains("8, 8, 7 and 8", error.Message);
    }
}
