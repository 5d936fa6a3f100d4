using InterpLoop.Engine.RewardHacking;
using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Properties.Engine;

/// <summary>
/// The hand-written pass computes the plain network, h₁ = h₀ + tanh(h₀W₁ + b₁) and so on, and its backward pass the
/// gradients autograd gives through that network (both in float64, within float rounding); rows past those a loss
/// reads take no part; a member's numbers are its own pass's bit for bit; and rows computed a range at a time are the
/// rows computed at once, within rounding.
/// </summary>
public class PolicyPassTests
{
    static Tensor[] Parameters(int members, int features, int hidden, int vocabulary, Generator g) => new[]
    {
        randn(new long[] { members, features, hidden }, generator: g) / Math.Sqrt(features),
        randn(new long[] { members, hidden, hidden }, generator: g) / Math.Sqrt(hidden), randn(new long[] { members, hidden }, generator: g) / 4,
        randn(new long[] { members, hidden, hidden }, generator: g) / Math.Sqrt(hidden), randn(new long[] { members, hidden }, generator: g) / 4,
        randn(new long[] { members, hidden, vocabulary }, generator: g) / Math.Sqrt(hidden), randn(new long[] { members, vocabulary }, generator: g),
    };

    /// <summary>The plain network in ATen ops, for autograd: [P, T, ·] each.</summary>
    static (Tensor Hidden1, Tensor Hidden2, Tensor Logits) Plain(Tensor[] w, Tensor u)
    {
        var h0 = u.bmm(w[0]);
        var h1 = h0 + (h0.bmm(w[1]) + w[2].unsqueeze(1)).tanh();
        var h2 = h1 + (h1.bmm(w[3]) + w[4].unsqueeze(1)).tanh();
        return (h1, h2, h2.bmm(w[5]) + w[6].unsqueeze(1));
    }

    static void Close(Tensor actual, Tensor expected, double tolerance, string what)
    {
        double gap = (actual.to(ScalarType.Float64) - expected).abs().max().item<double>(), scale = expected.abs().max().item<double>();
        Assert.True(gap <= tolerance * (1 + scale), $"{what}: off by {gap:G3} (largest {scale:G3})");
    }

    [Theory]
    [InlineData(1, 40, 16, 11)]
    [InlineData(3, 97, 64, 11)]
    [InlineData(2, 33, 32, 16)]
    [InlineData(2, 20, 8, 2)]
    public void Outputs_and_gradients_are_the_plain_networks_within_rounding(int members, int rows, int hidden, int vocabulary)
    {
        using var scope = NewDisposeScope();
        var g = new Generator(3);
        var w = Parameters(members, 27, hidden, vocabulary, g);
        var u = randn(new long[] { members, rows, 27 }, generator: g);
        var (a, b1, b2) = (randn(new long[] { members, rows, vocabulary }, generator: g),
            randn(new long[] { members, rows, hidden }, generator: g), randn(new long[] { members, rows, hidden }, generator: g));

        var pass = PolicyPass.Run(w, u);
        var gradients = pass.Gradients(a, b1, b2, rows);

        var w64 = w.Select(t => t.to(ScalarType.Float64).requires_grad_()).ToArray();
        var (h1, h2, logits) = Plain(w64, u.to(ScalarType.Float64));
        Close(pass.Logits, logits, 1e-5, "logits");
        Close(pass.Hidden1, h1, 1e-5, "first stream");
        Close(pass.Hidden2, h2, 1e-5, "second stream");
        ((logits * a.to(ScalarType.Float64)).sum() + (h1 * b1.to(ScalarType.Float64)).sum() + (h2 * b2.to(ScalarType.Float64)).sum()).backward();
        for (int i = 0; i < w.Length; i++)
        {
            Assert.Equal(w[i].shape, gradients[i].shape);
            Close(gradients[i], w64[i].grad!, 1e-5, $"parameter {i}'s gradient");
        }
    }

    [Fact]
    public void Rows_past_the_last_one_read_take_no_part_in_the_gradients()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(4);
        var w = Parameters(2, 27, 32, 11, g);
        var pass = PolicyPass.Run(w, randn(new long[] { 2, 50, 27 }, generator: g));
        var a = randn(new long[] { 2, 50, 11 }, generator: g);
        a.narrow(1, 30, 20).zero_();
        var all = pass.Gradients(a, null, null, 50);
        var first = pass.Gradients(a, null, null, 30);
        for (int i = 0; i < all.Length; i++) Close(first[i], all[i].to(ScalarType.Float64), 1e-6, $"parameter {i}'s gradient");
    }

    [Fact]
    public void A_members_outputs_and_gradients_are_its_own_pass_bit_for_bit()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(5);
        var w = Parameters(3, 27, 64, 11, g);
        var u = randn(new long[] { 3, 60, 27 }, generator: g);
        var a = randn(new long[] { 3, 60, 11 }, generator: g);
        var b = randn(new long[] { 3, 60, 64 }, generator: g);
        var pass = PolicyPass.Run(w, u);
        var gradients = pass.Gradients(a, b, b, 60);
        for (int p = 0; p < 3; p++)
        {
            var alone = PolicyPass.Run(w.Select(t => t.narrow(0, p, 1)).ToArray(), u.narrow(0, p, 1));
            var own = alone.Gradients(a.narrow(0, p, 1), b.narrow(0, p, 1), b.narrow(0, p, 1), 60);
            Assert.True(alone.Logits.equal(pass.Logits.narrow(0, p, 1)).all().item<bool>(), $"member {p}'s logits");
            Assert.True(alone.Hidden2.equal(pass.Hidden2.narrow(0, p, 1)).all().item<bool>(), $"member {p}'s stream");
            for (int i = 0; i < own.Length; i++)
                Assert.True(own[i].equal(gradients[i].narrow(0, p, 1)).all().item<bool>(), $"member {p}'s gradient of parameter {i}");
        }
    }

    [Fact]
    public void Rows_computed_a_range_at_a_time_are_the_rows_computed_at_once_within_rounding()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(6);
        var w = Parameters(2, 27, 64, 11, g);
        var u = randn(new long[] { 2, 90, 27 }, generator: g);
        var ranged = PolicyPass.Begin(w, u);
        foreach (var (offset, count) in new[] { (0, 7), (7, 64), (71, 19) }) ranged.Compute(offset, count);
        var once = PolicyPass.Run(w, u);
        Close(ranged.Logits, once.Logits.to(ScalarType.Float64), 1e-5, "logits");
        Close(ranged.Hidden1, once.Hidden1.to(ScalarType.Float64), 1e-5, "first stream");
    }

    [Fact]
    public void Backpropagate_adds_what_the_leaves_received_to_the_parameters_gradients()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(7);
        var w = Parameters(1, 27, 16, 11, g).Select(t => t.squeeze(0).requires_grad_()).ToArray();
        var u = randn(new long[] { 1, 12, 27 }, generator: g);
        var pass = PolicyPass.Run(w.Select(t => t.unsqueeze(0)).ToArray(), u);
        var upstream = randn(new long[] { 1, 12, 11 }, generator: g);
        var error = Assert.Throws<InvalidOperationException>(() => pass.Backpropagate(w));
        Assert.Contains("take Leaves() before the loss", error.Message);

        (pass.Leaves().Logits * upstream).sum().backward();
        pass.Backpropagate(w);
        var once = w.Select(t => t.grad!.clone()).ToArray();
        pass.Backpropagate(w);
        var expected = pass.Gradients(upstream, null, null, 12);
        for (int i = 0; i < w.Length; i++)
        {
            Assert.True(once[i].equal(expected[i].view(w[i].shape)).all().item<bool>(), $"parameter {i} set");
            Assert.True(w[i].grad!.equal(once[i] * 2).all().item<bool>(), $"parameter {i} added");
        }
    }
}
