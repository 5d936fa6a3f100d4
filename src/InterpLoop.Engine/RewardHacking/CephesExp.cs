using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// Cephes' expf reduction and polynomial, shared by <see cref="FloatTanh"/> (which needs e^y − 1 without cancellation
/// near 0) and <see cref="RowSoftmax"/> (e^y): y = n·ln 2 + r with n = round(y·log₂e) to nearest even and r reduced in
/// two steps (n·Ln2High is exact), then e^r − 1 = r + r²·P(r) by Horner's rule in fused multiply-adds, and 2ⁿ from its
/// exponent bits. One lane or eight, the same IEEE operations. Callers keep n in [−126, 127].
/// </summary>
internal static class CephesExp
{
    const float Log2E = 1.44269504088896341f;
    const float Ln2High = 0.693359375f, Ln2Low = -2.12194440e-4f;              // ln 2 = Ln2High + Ln2Low
    const float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f,
                P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;

    /// <summary>e^r − 1 for y = n·ln 2 + r; <paramref name="n"/> receives n.</summary>
    public static float Reduce(float y, out float n)
    {
        n = MathF.Round(y * Log2E, MidpointRounding.ToEven);
        float r = MathF.FusedMultiplyAdd(-n, Ln2High, y);
        r = MathF.FusedMultiplyAdd(-n, Ln2Low, r);
        float p = MathF.FusedMultiplyAdd(P0, r, P1);
        p = MathF.FusedMultiplyAdd(p, r, P2);
        p = MathF.FusedMultiplyAdd(p, r, P3);
        p = MathF.FusedMultiplyAdd(p, r, P4);
        p = MathF.FusedMultiplyAdd(p, r, P5);
        return MathF.FusedMultiplyAdd(r * r, p, r);
    }

    /// <summary><see cref="Reduce(float, out float)"/> eight lanes at a time (AVX2 and FMA).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Reduce(Vector256<float> y, out Vector256<float> n)
    {
        n = Avx.RoundToNearestInteger(Avx.Multiply(y, Vector256.Create(Log2E)));
        var r = Fma.MultiplyAddNegated(n, Vector256.Create(Ln2High), y);
        r = Fma.MultiplyAddNegated(n, Vector256.Create(Ln2Low), r);
        var p = Fma.MultiplyAdd(Vector256.Create(P0), r, Vector256.Create(P1));
        p = Fma.MultiplyAdd(p, r, Vector256.Create(P2));
        p = Fma.MultiplyAdd(p, r, Vector256.Create(P3));
        p = Fma.MultiplyAdd(p, r, Vector256.Create(P4));
        p = Fma.MultiplyAdd(p, r, Vector256.Create(P5));
        return Fma.MultiplyAdd(Avx.Multiply(r, r), p, r);
    }

    /// <summary>2ⁿ for an integral n in [−126, 127].</summary>
    public static float Scale(float n) => BitConverter.Int32BitsToSingle(((int)n + 127) << 23);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Scale(Vector256<float> n) =>
        Avx2.ShiftLeftLogical(Avx2.Add(Avx.ConvertToVector256Int32(n), Vector256.Create(127)), 23).AsSingle();
}
