using System.Runtime.Intrinsics;
using FsCheck;
using FsCheck.Fluent;
using InterpLoop.Engine.RewardHacking;

namespace InterpLoop.Properties.Engine;

/// <summary>
/// The policy's tanh is within 2 ulp of tanh rounded correctly (every positive float was checked once, in 30 s; this
/// samples 1 in 4099), is odd, keeps NaN, reaches ±1 exactly, and gives the same bits eight lanes at a time as one.
/// </summary>
public class FloatTanhTests
{
    [Fact]
    public void Tanh_is_within_two_ulp_of_the_correctly_rounded_value()
    {
        long worst = 0;
        float at = 0;
        for (uint bits = 0; bits < 0x7F800000u; bits += 4099)
        {
            float x = BitConverter.UInt32BitsToSingle(bits);
            long ulp = Math.Abs((long)BitConverter.SingleToInt32Bits(FloatTanh.Of(x)) - BitConverter.SingleToInt32Bits((float)Math.Tanh(x)));
            if (ulp > worst) (worst, at) = (ulp, x);
        }
        Assert.True(worst <= 2, $"{worst} ulp at x = {at:R}");
    }

    [Theory]
    [InlineData(0f, 0f)]
    [InlineData(10f, 1f)]
    [InlineData(1e4f, 1f)]
    [InlineData(float.PositiveInfinity, 1f)]
    [InlineData(1e-30f, 1e-30f)]
    public void Special_values_are_exact_and_the_function_is_odd(float x, float expected)
    {
        Assert.Equal(expected, FloatTanh.Of(x));
        Assert.Equal(-expected, FloatTanh.Of(-x));
        Assert.True(float.IsNegative(FloatTanh.Of(-0f)), "tanh(−0) is −0");
        Assert.True(float.IsNaN(FloatTanh.Of(float.NaN)), "NaN stays NaN");
    }

    static Gen<float> Floats => Gen.OneOf(
        Gen.Choose(-2_000_000, 2_000_000).Select(i => i / 100_000f),
        Gen.Choose(int.MinValue, int.MaxValue).Select(BitConverter.Int32BitsToSingle),
        Gen.Elements(0f, -0f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, 9.01f, -20f, 10f));

    [VectorFact]
    public void Eight_lanes_at_a_time_give_the_bits_of_one_at_a_time()
    {
        Prop.ForAll(Arb.From(Gen.ArrayOf(Floats, 8)), xs =>
        {
            var lanes = FloatTanh.Of(Vector256.Create(xs));
            for (int k = 0; k < 8; k++)
            {
                float one = FloatTanh.Of(xs[k]);
                Assert.True(float.IsNaN(one) ? float.IsNaN(lanes[k]) : BitConverter.SingleToInt32Bits(one) == BitConverter.SingleToInt32Bits(lanes[k]),
                    $"x = {xs[k]:R}: one lane {one:R}, eight {lanes[k]:R}");
            }
        }).QuickCheckThrowOnFailure();
    }
}

/// <summary>A fact that needs <see cref="FloatTanh.Vectorized"/>; skipped, saying so, on a machine without AVX2 and FMA.</summary>
public sealed class VectorFactAttribute : FactAttribute
{
    public VectorFactAttribute()
    {
        if (!FloatTanh.Vectorized) Skip = "this machine has no AVX2 and FMA: only the one-lane path runs";
    }
}
