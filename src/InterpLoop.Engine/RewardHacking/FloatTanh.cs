using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// The policy's tanh in float, defined by the operations written here rather than by a library's kernel, so that it
/// gives the same bits on every x86-64 machine: tanh|x| = −m / (2 + m) with m = expm1(−2|x|), and x's sign restored.
/// expm1 is Cephes' expf reduction and polynomial (y = n·ln 2 + r, |r| ≤ ln 2 / 2, e^r = 1 + r + r²·P(r)) written as
/// 2ⁿ·(r + r²·P(r)) + (2ⁿ − 1), so that near 0 (n = 0) nothing cancels: the result is within a few ulp of tanh
/// everywhere, where 2σ(2x) − 1 (engine 0.7.0 to 0.9.0) lost its relative accuracy near 0. |x| beyond 10 gives ±1
/// exactly (tanh 10 is 1 − 4e-9). Every step is one IEEE operation: a product, a sum, a quotient, a fused multiply-add
/// (one rounding) or a round to nearest even. <see cref="Of(float)"/> does them one lane at a time and
/// <see cref="Of(Vector256{float})"/> eight at a time with AVX2 and FMA; the two agree bit for bit
/// (<c>FloatTanhTests</c>), so a machine without those instructions still computes the same function, more slowly.
/// NaN stays NaN.
/// </summary>
internal static class FloatTanh
{
    /// <summary>Whether <see cref="Of(Vector256{float})"/> runs here; otherwise callers take the scalar path.</summary>
    public static bool Vectorized => Avx2.IsSupported && Fma.IsSupported;

    const float Floor = -20f;                   // −2|x| below this gives tanh = ±1 in float
    const float Log2E = 1.44269504088896341f;
    const float Ln2High = 0.693359375f;         // ln 2 = Ln2High + Ln2Low; n·Ln2High is exact for |n| < 2¹⁵
    const float Ln2Low = -2.12194440e-4f;
    const float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f,
                P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;

    /// <summary>tanh of one float.</summary>
    public static float Of(float x)
    {
        float y = -2f * MathF.Abs(x);
        y = y < Floor ? Floor : y;                                              // NaN compares false and stays
        float n = MathF.Round(y * Log2E, MidpointRounding.ToEven);
        float r = MathF.FusedMultiplyAdd(-n, Ln2High, y);
        r = MathF.FusedMultiplyAdd(-n, Ln2Low, r);
        float p = MathF.FusedMultiplyAdd(P0, r, P1);
        p = MathF.FusedMultiplyAdd(p, r, P2);
        p = MathF.FusedMultiplyAdd(p, r, P3);
        p = MathF.FusedMultiplyAdd(p, r, P4);
        p = MathF.FusedMultiplyAdd(p, r, P5);
        float q = MathF.FusedMultiplyAdd(r * r, p, r);                           // e^r − 1
        float scale = BitConverter.Int32BitsToSingle(((int)n + 127) << 23);     // 2ⁿ, n in [−29, 0]
        float m = MathF.FusedMultiplyAdd(scale, q, scale - 1f);                  // e^y − 1
        return MathF.CopySign(-m / (2f + m), x);
    }

    /// <summary>tanh of eight floats, the same operations as <see cref="Of(float)"/> lane by lane. Needs <see cref="Vectorized"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Of(Vector256<float> x)
    {
        var sign = Vector256.Create(-0f);
        var y = Avx.Multiply(Vector256.Create(-2f), Avx.AndNot(sign, x));
        y = Avx.Max(Vector256.Create(Floor), y);                                // maxps returns its second operand when either is NaN
        var n = Avx.RoundToNearestInteger(Avx.Multiply(y, Vector256.Create(Log2E)));
        var r = Fma.MultiplyAddNegated(n, Vector256.Create(Ln2High), y);
        r = Fma.MultiplyAddNegated(n, Vector256.Create(Ln2Low), r);
        var p = Fma.MultiplyAdd(Vector256.Create(P0), r, Vector256.Create(P1));
        p = Fma.MultiplyAdd(p, r, Vector256.Create(P2));
        p = Fma.MultiplyAdd(p, r, Vector256.Create(P3));
        p = Fma.MultiplyAdd(p, r, Vector256.Create(P4));
        p = Fma.MultiplyAdd(p, r, Vector256.Create(P5));
        var q = Fma.MultiplyAdd(Avx.Multiply(r, r), p, r);
        var scale = Avx2.ShiftLeftLogical(Avx2.Add(Avx.ConvertToVector256Int32(n), Vector256.Create(127)), 23).AsSingle();
        var m = Fma.MultiplyAdd(scale, q, Avx.Subtract(scale, Vector256.Create(1f)));
        var magnitude = Avx.Divide(Avx.Xor(m, sign), Avx.Add(Vector256.Create(2f), m));          // −m / (2 + m)
        return Avx.Or(Avx.AndNot(sign, magnitude), Avx.And(sign, x));
    }
}
