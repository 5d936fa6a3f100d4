using FsCheck;
using FsCheck.Fluent;
using InterpLoop.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Properties.Engine;

/// <summary>
/// HostTensors copies numbers through a tensor's storage instead of TorchSharp's managed clones: what it makes must
/// equal `torch.tensor` of the same array bit for bit, and what it reads must be the tensor's elements in row-major
/// order; anything it cannot do in place is an error, not a silent copy.
/// </summary>
public class HostTensorsTests
{
    static Gen<(float[] Values, long[] Shape)> Arrays =>
        from rank in Gen.Choose(1, 3)
        from shape in Gen.ArrayOf(Gen.Choose(1, 5), rank)
        from values in Gen.ArrayOf(Gen.OneOf(Gen.Choose(-100_000, 100_000).Select(i => i / 997f),
            Gen.Elements(-0f, 1e-40f, float.MaxValue, float.NegativeInfinity, float.NaN)), shape.Aggregate(1, (a, b) => a * b))
        select (values, shape.Select(n => (long)n).ToArray());

    [Fact]
    public void A_tensor_made_from_a_span_equals_torch_tensor_of_the_array() =>
        Prop.ForAll(Arb.From(Arrays), c =>
        {
            using var scope = NewDisposeScope();
            var made = HostTensors.From<float>(c.Values, c.Shape);
            var expected = tensor(c.Values, c.Shape);
            Assert.Equal(c.Shape, made.shape);
            Assert.Equal(ScalarType.Float32, made.dtype);
            Assert.Equal(expected.data<float>().ToArray().Select(BitConverter.SingleToInt32Bits), made.data<float>().ToArray().Select(BitConverter.SingleToInt32Bits));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));

    [Fact]
    public void Reading_in_place_gives_the_elements_in_row_major_order()
    {
        using var scope = NewDisposeScope();
        var t = arange(0, 12, dtype: ScalarType.Int64).view(3, 4);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i), HostTensors.Read<long>(t).ToArray());
        var doubles = HostTensors.From<double>(new[] { 0.5, -2.0 }, new long[] { 2 });
        Assert.Equal(new[] { 0.5, -2.0 }, HostTensors.Read<double>(doubles).ToArray());
        var flags = HostTensors.From<bool>(new[] { true, false, true }, new long[] { 3 });
        Assert.Equal(new[] { true, false, true }, flags.data<bool>().ToArray());
    }

    [Fact]
    public void What_cannot_be_done_in_place_is_an_error()
    {
        using var scope = NewDisposeScope();
        var count = Assert.Throws<ArgumentException>(() => HostTensors.From<float>(new float[5], new long[] { 2, 3 }));
        Assert.Contains("5 values for a tensor of 6 elements", count.Message);
        var type = Assert.Throws<ArgumentException>(() => HostTensors.Read<long>(zeros(2, 2)));
        Assert.Contains("Float32 tensor read as Int64", type.Message);
        var layout = Assert.Throws<ArgumentException>(() => HostTensors.Read<float>(zeros(2, 3).t()));
        Assert.Contains("contiguous", layout.Message);
    }
}
