using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// The element-wise work of the policy's residual tanh blocks, one pass over the rows each way, where ATen took four
/// ops forward (the bias, the sigmoid, the doubling and the −1 of 2σ(2z) − 1), two backward, and a buffer for each:
/// forward t = tanh(z) and h' = h + t; backward ∂z = ∂h' · (1 − t²), with 1 − t² one fused multiply-add; and a bias's
/// gradient, each column summed over the rows in double. Every lane does the same IEEE operations whether eight go
/// at once (AVX2 and FMA) or one, so the results do not depend on the machine or on where a span starts
/// (<c>ResidualKernelsTests</c>).
/// </summary>
internal static class ResidualKernels
{
    /// <summary>t = tanh(z) and output = h + t, element by element; all four spans have one length.</summary>
    public static void Forward(ReadOnlySpan<float> h, ReadOnlySpan<float> z, Span<float> t, Span<float> output)
    {
        int n = Check(h.Length, z.Length, t.Length, output.Length);
        int i = 0;
        if (FloatTanh.Vectorized)
        {
            ref float hr = ref MemoryMarshal.GetReference(h), zr = ref MemoryMarshal.GetReference(z);
            ref float tr = ref MemoryMarshal.GetReference(t), or = ref MemoryMarshal.GetReference(output);
            for (; i <= n - 8; i += 8)
            {
                var ti = FloatTanh.Of(Vector256.LoadUnsafe(ref zr, (nuint)i));
                ti.StoreUnsafe(ref tr, (nuint)i);
                Avx.Add(Vector256.LoadUnsafe(ref hr, (nuint)i), ti).StoreUnsafe(ref or, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float ti = FloatTanh.Of(z[i]);
            t[i] = ti;
            output[i] = h[i] + ti;
        }
    }

    /// <summary>∂z = ∂h' · (1 − t²) element by element, 1 − t² rounded once; all three spans have one length.</summary>
    public static void Backward(ReadOnlySpan<float> gradient, ReadOnlySpan<float> t, Span<float> result)
    {
        int n = Check(gradient.Length, t.Length, result.Length, result.Length);
        int i = 0;
        if (FloatTanh.Vectorized)
        {
            ref float gr = ref MemoryMarshal.GetReference(gradient), tr = ref MemoryMarshal.GetReference(t);
            ref float rr = ref MemoryMarshal.GetReference(result);
            var one = Vector256.Create(1f);
            for (; i <= n - 8; i += 8)
            {
                var ti = Vector256.LoadUnsafe(ref tr, (nuint)i);
                Avx.Multiply(Vector256.LoadUnsafe(ref gr, (nuint)i), Fma.MultiplyAddNegated(ti, ti, one)).StoreUnsafe(ref rr, (nuint)i);
            }
        }
        for (; i < n; i++)
            result[i] = gradient[i] * MathF.FusedMultiplyAdd(-t[i], t[i], 1f);
    }

    /// <summary>
    /// Adds each column of <paramref name="rows"/> ([rows, width] row-major) over its rows, in double and in row order,
    /// into <paramref name="sums"/> (double, [width]); <see cref="Round"/> gives the float result.
    /// </summary>
    public static void AccumulateColumns(ReadOnlySpan<float> rows, int width, Span<double> sums)
    {
        if (width <= 0 || rows.Length % width != 0 || sums.Length != width)
            throw new ArgumentException($"{rows.Length} values are not rows of width {width} for {sums.Length} sums");
        int count = rows.Length / width;
        for (int r = 0; r < count; r++)                                                        // row by row: the rows are read in memory order
        {
            var row = rows.Slice(r * width, width);
            int j = 0;
            if (Avx.IsSupported)
            {
                ref float rr = ref MemoryMarshal.GetReference(row);
                ref double sr = ref MemoryMarshal.GetReference(sums);
                for (; j <= width - 4; j += 4)
                    Avx.Add(Vector256.LoadUnsafe(ref sr, (nuint)j), Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref rr, (nuint)j))).StoreUnsafe(ref sr, (nuint)j);
            }
            for (; j < width; j++) sums[j] += row[j];
        }
    }

    /// <summary>The float nearest each double.</summary>
    public static void Round(ReadOnlySpan<double> sums, Span<float> result)
    {
        for (int j = 0; j < sums.Length; j++) result[j] = (float)sums[j];
    }

    static int Check(int a, int b, int c, int d) =>
        a == b && b == c && c == d ? a : throw new ArgumentException($"spans of lengths {a}, {b}, {c} and {d} where one length was expected");
}
