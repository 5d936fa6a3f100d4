using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// Softmax and log-softmax over short rows (the vocabulary, up to 16 entries), each row's logits plus an additive mask,
/// and log-softmax's backward pass. ATen's kernels take 70–90 ns a row at 11 entries (a [32, 256, 11] softmax took 754 µs
/// here), an eighth of an RL step in all; here a row is two eight-lane vectors, and eight rows' logarithms are one.
/// The operations are fixed and written here, so the results are the same on every machine: the row's maximum, e^(z −
/// max) by Cephes' expf reduction and polynomial (0 below e^−87.3, where float stops being normal), their sum by a fixed
/// tree (lanes i and i + 8, then i + 4, then i + 2, then i + 1), ln of the sum by Cephes' logf, then z − (max + ln sum)
/// or e^(z − max) · (1 / sum). Every lane does the same IEEE operations eight at a time (AVX2 and FMA) or one at a time,
/// so the two paths agree bit for bit (<c>RowSoftmaxTests</c>); rows wider than 16 take a one-lane path of their own.
/// </summary>
internal static class RowSoftmax
{
    const int Lanes = 16, Block = 8;

    /// <summary>
    /// log softmax(logits + mask) of each row. logits: rows at <paramref name="stride"/> (≥ width), the first
    /// <paramref name="width"/> entries read; mask: [rows, width], or one row for all when <paramref name="maskStride"/>
    /// is 0; output: [rows, width].
    /// </summary>
    public static void LogSoftmax(ReadOnlySpan<float> logits, int stride, ReadOnlySpan<float> mask, int maskStride, Span<float> output, int width) =>
        Rows(logits, stride, mask, maskStride, output, width, log: true, FloatTanh.Vectorized);

    /// <summary>softmax(logits + mask) of each row; the arguments as <see cref="LogSoftmax"/>'s.</summary>
    public static void Softmax(ReadOnlySpan<float> logits, int stride, ReadOnlySpan<float> mask, int maskStride, Span<float> output, int width) =>
        Rows(logits, stride, mask, maskStride, output, width, log: false, FloatTanh.Vectorized);

    /// <summary>
    /// The gradient of log softmax's input from its output's: ∂z = ∂y − e^y · Σ ∂y, row by row (e^y · Σ ∂y subtracted
    /// with one rounding). gradient, logProbs (y) and result: [rows, width].
    /// </summary>
    public static void LogSoftmaxBackward(ReadOnlySpan<float> gradient, ReadOnlySpan<float> logProbs, Span<float> result, int width) =>
        LogSoftmaxBackward(gradient, logProbs, result, width, FloatTanh.Vectorized);

    /// <summary>Softmax or log-softmax rows on the path chosen (tests compare the two).</summary>
    internal static void Rows(ReadOnlySpan<float> logits, int stride, ReadOnlySpan<float> mask, int maskStride, Span<float> output, int width, bool log, bool vectorized)
    {
        if (width < 1 || stride < width || maskStride < 0 || output.Length % width != 0)
            throw new ArgumentException($"rows of width {width} at stride {stride} (mask stride {maskStride}) into {output.Length} outputs");
        int rows = output.Length / width;
        if (rows == 0) return;
        if (logits.Length < (rows - 1) * stride + width || mask.Length < (rows - 1) * maskStride + width)
            throw new ArgumentException($"{rows} rows of width {width} need more logits ({logits.Length}) or mask ({mask.Length}) than were given");
        if (width > Lanes) WideRows(logits, stride, mask, maskStride, output, width, log);
        else if (vectorized && FloatTanh.Vectorized) VectorRows(logits, stride, mask, maskStride, output, width, log);
        else ScalarRows(logits, stride, mask, maskStride, output, width, log);
    }

    /// <summary><see cref="LogSoftmaxBackward(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int)"/> on the path chosen (tests compare the two).</summary>
    internal static void LogSoftmaxBackward(ReadOnlySpan<float> gradient, ReadOnlySpan<float> logProbs, Span<float> result, int width, bool vectorized)
    {
        if (width < 1 || gradient.Length != logProbs.Length || logProbs.Length != result.Length || result.Length % width != 0)
            throw new ArgumentException($"gradient ({gradient.Length}), log-probabilities ({logProbs.Length}) and result ({result.Length}) must be rows of width {width}");
        int rows = result.Length / width;
        if (width > Lanes)
        {
            for (int r = 0; r < rows; r++)
            {
                var gr = gradient.Slice(r * width, width);
                var yr = logProbs.Slice(r * width, width);
                var dr = result.Slice(r * width, width);
                float total = 0;
                foreach (var v in gr) total += v;
                for (int j = 0; j < width; j++) dr[j] = MathF.FusedMultiplyAdd(-Exp(yr[j]), total, gr[j]);
            }
        }
        else if (vectorized && FloatTanh.Vectorized) VectorBackward(gradient, logProbs, result, width);
        else
        {
            Span<float> g = stackalloc float[Lanes], y = stackalloc float[Lanes];
            for (int r = 0; r < rows; r++)
            {
                g.Clear();
                y.Fill(float.NegativeInfinity);
                gradient.Slice(r * width, width).CopyTo(g);
                logProbs.Slice(r * width, width).CopyTo(y);
                float total = Sum(g);
                for (int j = 0; j < width; j++) result[r * width + j] = MathF.FusedMultiplyAdd(-Exp(y[j]), total, g[j]);
            }
        }
    }

    static unsafe void VectorRows(ReadOnlySpan<float> logits, int stride, ReadOnlySpan<float> mask, int maskStride, Span<float> output, int width, bool log)
    {
        int rows = output.Length / width;
        var (lane0, lane1) = LaneMasks(width);
        var negative = Vector256.Create(float.NegativeInfinity);
        float* maxs = stackalloc float[Block], sums = stackalloc float[Block], e = stackalloc float[Block * Lanes];
        fixed (float* x = logits, m = mask, o = output)
        {
            for (int r0 = 0; r0 < rows; r0 += Block)
            {
                int count = Math.Min(Block, rows - r0);
                // 1. Each row's maximum and its sum of exponentials.
                for (int k = 0; k < count; k++)
                {
                    var (z0, z1) = Load(x, m, (r0 + k) * stride, (r0 + k) * maskStride, lane0, lane1, negative);
                    float max = Max(z0, z1);
                    var shift = Vector256.Create(max);
                    var e0 = Exp(Avx.Subtract(z0, shift));
                    var e1 = Exp(Avx.Subtract(z1, shift));
                    maxs[k] = max;
                    sums[k] = Sum(e0, e1);
                    Avx.Store(e + k * Lanes, e0);
                    Avx.Store(e + k * Lanes + 8, e1);
                }
                for (int k = count; k < Block; k++) sums[k] = maxs[k] = 1f;
                // 2. Eight rows' logarithms (or reciprocals) at once, then every row's outputs.
                var sum = Avx.LoadVector256(sums);
                var scale = log ? Avx.Add(Avx.LoadVector256(maxs), Log(sum)) : Avx.Divide(Vector256.Create(1f), sum);
                Avx.Store(sums, scale);
                for (int k = 0; k < count; k++)
                {
                    int at = (r0 + k) * width;
                    var s = Vector256.Create(sums[k]);
                    Vector256<float> y0, y1;
                    if (log)
                    {
                        var (z0, z1) = Load(x, m, (r0 + k) * stride, (r0 + k) * maskStride, lane0, lane1, negative);
                        (y0, y1) = (Avx.Subtract(z0, s), Avx.Subtract(z1, s));
                    }
                    else (y0, y1) = (Avx.Multiply(Avx.LoadVector256(e + k * Lanes), s), Avx.Multiply(Avx.LoadVector256(e + k * Lanes + 8), s));
                    Avx.MaskStore(o + at, lane0, y0);
                    if (width > 8) Avx.MaskStore(o + at + 8, lane1, y1);
                }
            }
        }
    }

    static unsafe void VectorBackward(ReadOnlySpan<float> gradient, ReadOnlySpan<float> logProbs, Span<float> result, int width)
    {
        int rows = result.Length / width;
        var (lane0, lane1) = LaneMasks(width);
        var negative = Vector256.Create(float.NegativeInfinity);
        fixed (float* g = gradient, y = logProbs, d = result)
        {
            for (int r = 0, at = 0; r < rows; r++, at += width)
            {
                var g0 = Avx.MaskLoad(g + at, lane0);
                var g1 = width > 8 ? Avx.MaskLoad(g + at + 8, lane1) : Vector256<float>.Zero;
                var y0 = Avx.BlendVariable(negative, Avx.MaskLoad(y + at, lane0), lane0);
                var y1 = width > 8 ? Avx.BlendVariable(negative, Avx.MaskLoad(y + at + 8, lane1), lane1) : negative;
                var total = Vector256.Create(Sum(g0, g1));
                Avx.MaskStore(d + at, lane0, Fma.MultiplyAddNegated(Exp(y0), total, g0));
                if (width > 8) Avx.MaskStore(d + at + 8, lane1, Fma.MultiplyAddNegated(Exp(y1), total, g1));
            }
        }
    }

    /// <summary>z = logits + mask over a row's 16 lanes, −∞ past its width (e^−∞ = 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe (Vector256<float>, Vector256<float>) Load(float* x, float* m, int row, int maskRow, Vector256<float> lane0, Vector256<float> lane1, Vector256<float> negative)
    {
        var z0 = Avx.BlendVariable(negative, Avx.Add(Avx.MaskLoad(x + row, lane0), Avx.MaskLoad(m + maskRow, lane0)), lane0);
        var z1 = Avx.BlendVariable(negative, Avx.Add(Avx.MaskLoad(x + row + 8, lane1), Avx.MaskLoad(m + maskRow + 8, lane1)), lane1);
        return (z0, z1);
    }

    /// <summary>Lanes [0, width) of a row's two vectors, as masks (all bits set in a lane that is part of the row).</summary>
    static (Vector256<float>, Vector256<float>) LaneMasks(int width)
    {
        Span<int> bits = stackalloc int[Lanes];
        for (int j = 0; j < Lanes; j++) bits[j] = j < width ? -1 : 0;
        return (Vector256.Create<int>(bits).AsSingle(), Vector256.Create<int>(bits.Slice(8)).AsSingle());
    }

    static void ScalarRows(ReadOnlySpan<float> logits, int stride, ReadOnlySpan<float> mask, int maskStride, Span<float> output, int width, bool log)
    {
        int rows = output.Length / width;
        Span<float> z = stackalloc float[Lanes], e = stackalloc float[Lanes];
        for (int r = 0; r < rows; r++)
        {
            z.Fill(float.NegativeInfinity);
            for (int j = 0; j < width; j++) z[j] = logits[r * stride + j] + mask[r * maskStride + j];
            float max = Max(z);
            for (int j = 0; j < Lanes; j++) e[j] = Exp(z[j] - max);
            float sum = Sum(e);
            float scale = log ? max + Log(sum) : 1f / sum;
            for (int j = 0; j < width; j++) output[r * width + j] = log ? z[j] - scale : e[j] * scale;
        }
    }

    /// <summary>A row wider than 16: the same operations one lane at a time, the sum over lanes in order.</summary>
    static void WideRows(ReadOnlySpan<float> logits, int stride, ReadOnlySpan<float> mask, int maskStride, Span<float> output, int width, bool log)
    {
        int rows = output.Length / width;
        for (int r = 0; r < rows; r++)
        {
            var x = logits.Slice(r * stride, width);
            var mr = mask.Slice(r * maskStride, width);
            var o = output.Slice(r * width, width);
            float max = float.NegativeInfinity, sum = 0;
            for (int j = 0; j < width; j++) max = MaxOf(max, x[j] + mr[j]);
            for (int j = 0; j < width; j++) sum += Exp(x[j] + mr[j] - max);
            float scale = log ? max + Log(sum) : 1f / sum;
            for (int j = 0; j < width; j++) o[j] = log ? x[j] + mr[j] - scale : Exp(x[j] + mr[j] - max) * scale;
        }
    }

    /// <summary>The maximum of 16 lanes by the tree of <see cref="Sum(Vector256{float}, Vector256{float})"/>, each step maxps' choice.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static float Max(Vector256<float> a, Vector256<float> b)
    {
        var v = Avx.Max(a, b);
        var w = Sse.Max(v.GetLower(), v.GetUpper());
        var x = Sse.Max(w, Sse.Shuffle(w, w, 0b01_00_11_10));                        // [max(w0, w2), max(w1, w3), …]
        return Sse.MaxScalar(x, Sse.Shuffle(x, x, 0b00_00_00_01)).ToScalar();
    }

    static float Max(ReadOnlySpan<float> lanes)
    {
        Span<float> v = stackalloc float[8];
        for (int j = 0; j < 8; j++) v[j] = MaxOf(lanes[j], lanes[j + 8]);
        return MaxOf(MaxOf(MaxOf(v[0], v[4]), MaxOf(v[2], v[6])), MaxOf(MaxOf(v[1], v[5]), MaxOf(v[3], v[7])));
    }

    /// <summary>maxps' choice for one lane: the first operand when it is greater, else the second (so the second on a tie or a NaN).</summary>
    static float MaxOf(float a, float b) => a > b ? a : b;

    /// <summary>The fixed tree: lanes i and i + 8, then i + 4, then i + 2, then i + 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static float Sum(Vector256<float> a, Vector256<float> b)
    {
        var v = Avx.Add(a, b);
        var w = Sse.Add(v.GetLower(), v.GetUpper());
        var x = Sse.Add(w, Sse.Shuffle(w, w, 0b01_00_11_10));                        // [w0 + w2, w1 + w3, …]
        return Sse.AddScalar(x, Sse.Shuffle(x, x, 0b00_00_00_01)).ToScalar();
    }

    static float Sum(ReadOnlySpan<float> lanes)
    {
        Span<float> v = stackalloc float[8];
        for (int j = 0; j < 8; j++) v[j] = lanes[j] + lanes[j + 8];
        return ((v[0] + v[4]) + (v[2] + v[6])) + ((v[1] + v[5]) + (v[3] + v[7]));
    }

    // e^x for x ≤ 0 (a logit minus its row's maximum, or a log-probability) by CephesExp: 2ⁿ·(1 + (e^r − 1)).
    const float Underflow = -87.33654f;                                                // ln of float's least normal number
    const float Ln2High = 0.693359375f, Ln2Low = -2.12194440e-4f;                      // Log's reassembly of e·ln 2

    static float Exp(float x)
    {
        if (!(x >= Underflow)) return float.IsNaN(x) ? x : 0f;
        float y = CephesExp.Reduce(x, out float n) + 1f;
        return y * CephesExp.Scale(n);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> Exp(Vector256<float> x)
    {
        var y = Avx.Add(CephesExp.Reduce(x, out var n), Vector256.Create(1f));
        var normal = Avx.CompareGreaterThanOrEqual(x, Vector256.Create(Underflow));    // false below, and for NaN
        return Avx.BlendVariable(Avx.And(Avx.Multiply(y, CephesExp.Scale(n)), normal), x, Avx.CompareUnordered(x, x));
    }

    // ln s for s ≥ 1 (a sum of exponentials whose largest is 1) by Cephes' logf: s = 2^e·(1 + f), f in [√½ − 1, √2 − 1).
    const float SqrtHalf = 0.707106781186547524f;
    const float L0 = 7.0376836292e-2f, L1 = -1.1514610310e-1f, L2 = 1.1676998740e-1f, L3 = -1.2420140846e-1f, L4 = 1.4249322787e-1f,
                L5 = -1.6668057665e-1f, L6 = 2.0000714765e-1f, L7 = -2.4999993993e-1f, L8 = 3.3333331174e-1f;

    static float Log(float s)
    {
        if (!(s >= 1f && s < float.PositiveInfinity)) return s >= 1f ? s : float.IsNaN(s) ? s : float.NaN;
        int bits = BitConverter.SingleToInt32Bits(s);
        int e = ((bits >> 23) & 0xFF) - 126;                                                   // s = m · 2^e, m in [0.5, 1)
        float m = BitConverter.Int32BitsToSingle((bits & 0x007FFFFF) | 0x3F000000);
        if (m < SqrtHalf) { e -= 1; m = m + m - 1f; }
        else m -= 1f;
        float z = m * m;
        float y = MathF.FusedMultiplyAdd(L0, m, L1);
        y = MathF.FusedMultiplyAdd(y, m, L2);
        y = MathF.FusedMultiplyAdd(y, m, L3);
        y = MathF.FusedMultiplyAdd(y, m, L4);
        y = MathF.FusedMultiplyAdd(y, m, L5);
        y = MathF.FusedMultiplyAdd(y, m, L6);
        y = MathF.FusedMultiplyAdd(y, m, L7);
        y = MathF.FusedMultiplyAdd(y, m, L8);
        y = y * m * z;
        float fe = e;
        y = MathF.FusedMultiplyAdd(fe, Ln2Low, y);
        y = MathF.FusedMultiplyAdd(-0.5f, z, y);
        return MathF.FusedMultiplyAdd(fe, Ln2High, m + y);
    }

    /// <summary>ln of eight sums at once, the operations of <see cref="Log(float)"/> lane by lane (sums are finite and ≥ 1, or NaN).</summary>
    static Vector256<float> Log(Vector256<float> s)
    {
        var bits = s.AsInt32();
        var e = Avx2.Subtract(Avx2.And(Avx2.ShiftRightLogical(bits, 23), Vector256.Create(0xFF)), Vector256.Create(126));
        var m = Avx2.Or(Avx2.And(bits, Vector256.Create(0x007FFFFF)), Vector256.Create(0x3F000000)).AsSingle();
        var small = Avx.CompareLessThan(m, Vector256.Create(SqrtHalf));
        e = Avx2.Add(e, small.AsInt32());                                                      // −1 where small
        var one = Vector256.Create(1f);
        m = Avx.BlendVariable(Avx.Subtract(m, one), Avx.Subtract(Avx.Add(m, m), one), small);
        var z = Avx.Multiply(m, m);
        var y = Fma.MultiplyAdd(Vector256.Create(L0), m, Vector256.Create(L1));
        y = Fma.MultiplyAdd(y, m, Vector256.Create(L2));
        y = Fma.MultiplyAdd(y, m, Vector256.Create(L3));
        y = Fma.MultiplyAdd(y, m, Vector256.Create(L4));
        y = Fma.MultiplyAdd(y, m, Vector256.Create(L5));
        y = Fma.MultiplyAdd(y, m, Vector256.Create(L6));
        y = Fma.MultiplyAdd(y, m, Vector256.Create(L7));
        y = Fma.MultiplyAdd(y, m, Vector256.Create(L8));
        y = Avx.Multiply(Avx.Multiply(y, m), z);
        var fe = Avx.ConvertToVector256Single(e);
        y = Fma.MultiplyAdd(fe, Vector256.Create(Ln2Low), y);
        y = Fma.MultiplyAdd(Vector256.Create(-0.5f), z, y);
        var result = Fma.MultiplyAdd(fe, Vector256.Create(Ln2High), Avx.Add(m, y));
        return Avx.BlendVariable(result, s, Avx.CompareUnordered(s, s));
    }
}
