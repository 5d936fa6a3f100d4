using InterpLoop.Engine.RewardHacking;
using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Properties.Engine;

/// <summary>
/// The padded read-out computes h·W + b: within float rounding of the plain product at any width, with W's gradient
/// the plain one's and nothing else trainable; a population member's slice equals its own product bit for bit.
/// </summary>
public class ReadoutTests
{
    [Theory]
    [InlineData(11)]
    [InlineData(16)]
    [InlineData(2)]
    [InlineData(17)]
    public void The_logits_and_gradients_are_the_plain_products_within_rounding(int width)
    {
        using var scope = NewDisposeScope();
        var g = new Generator(5);
        var h = randn(new long[] { 40, 7, 64 }, generator: g).requires_grad_();
        var w = randn(64, width, generator: g).requires_grad_();
        var b = randn(width, generator: g).requires_grad_();
        var upstream = randn(new long[] { 40, 7, width }, generator: g);

        var padded = Readout.Logits(h, w, b);                                   // [40, 7, V]
        padded.backward(new[] { upstream });
        var (gh, gw, gb) = (h.grad!.clone(), w.grad!.clone(), b.grad!.clone());
        foreach (var t in new[] { h, w, b }) t.grad!.zero_();
        var plain = h.matmul(w) + b;
        plain.backward(new[] { upstream });

        Assert.Equal(new long[] { 40, 7, width }, padded.shape);
        Assert.True(padded.allclose(plain, rtol: 0, atol: 1e-4), "logits");
        Assert.True(gh.allclose(h.grad!, rtol: 0, atol: 1e-4), "input gradient");
        Assert.True(gw.allclose(w.grad!, rtol: 0, atol: 1e-3), "weight gradient");
        Assert.True(gb.allclose(b.grad!, rtol: 0, atol: 1e-4), "bias gradient");
    }

    [Fact]
    public void A_population_members_logits_equal_its_own_products_bit_for_bit()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(9);
        var h = randn(new long[] { 4, 256, 64 }, generator: g);
        var w = randn(new long[] { 4, 64, 11 }, generator: g);
        var b = randn(new long[] { 4, 11 }, generator: g);
        var batched = Readout.Logits(h, w, b);                                  // [4, 256, 11]
        for (int p = 0; p < 4; p++)
            Assert.True(batched[p].equal(Readout.Logits(h[p], w[p], b[p])).all().item<bool>(), $"member {p}");
    }
}
