using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// The policy's tanh in float, defined by the operations written here rather than by a library's kernel, so that it
/// gives the same bits on every x86-64 machine: tanh|x| = −m / (2 + m) with m = expm1(−2|x|), and x's sign restored.
/// expm1 is Cephes' expf reduction and polynomial (<see cref="CephesExp"/>: y = n·ln 2 + r, |r| ≤ ln 2 / 2, e^r = 1 + r +
/// r²·P(r)) written as 2ⁿ·(r + r²·P(r)) + (2ⁿ − 1), so that near 0 (n = 0) nothing cancels: the result is within a few ulp of tanh
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

    /// <summary>tanh of one float.</summary>
    public static float Of(float x)
    {
        float y = -2f * MathF.Abs(x);
        y = y < Floor ? Floor : y;                                              // NaN compares false and stays
        float q = CephesExp.Reduce(y, out float n);                             // e^r − 1
        float scale = CephesExp.Scale(n);                                       // 2ⁿ, n in [−29, 0]
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
        var q = CephesExp.Reduce(y, out var n);
        var scale = CephesExp.Scale(n);
        var m = Fma.MultiplyAdd(scale, q, Avx.Subtract(scale, Vector256.Create(1f)));
        var magnitude = Avx.Divide(Avx.Xor(m, sign), Avx.Add(Vector256.Create(2f), m));          // −m / (2 + m)
        return Avx.Or(Avx.AndNot(sign, magnitude), Avx.And(sign, x));
    }
}
