using FsCheck;
using FsCheck.Fluent;
using InterpLoop.Engine.RewardHacking;
using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Properties.Engine;

/// <summary>
/// Why max aggregation resists filler (Gupta and Jenner 2025): adding tokens to a response can never lower
/// its max-pooled logit, while its mean-pooled logit moves toward the added tokens' logits.
/// </summary>
public class ProbeAggregationProperties
{
    static readonly Arbitrary<(int Seed, int Kept, int Added)> Cases =
        Arb.From(from seed in Gen.Choose(0, 100_000) from kept in Gen.Choose(1, 5) from added in Gen.Choose(1, 3) select (seed, kept, added));

    static (Tensor Acts, Tensor Shorter, Tensor Longer, Tensor W) Draw((int Seed, int Kept, int Added) c)
    {
        var g = new Generator((ulong)c.Seed);
        var acts = randn(1, 8, 6, generator: g);                                        // [1, L=8, H=6]
        var position = arange(8).unsqueeze(0);
        return (acts, position.lt(c.Kept), position.lt(c.Kept + c.Added), randn(6, generator: g));
    }

    [Fact]
    public void Adding_tokens_never_lowers_a_max_pooled_logit() =>
        Prop.ForAll(Cases, c =>
        {
            using var scope = NewDisposeScope();
            var (acts, shorter, longer, w) = Draw(c);
            var probe = Probe.Linear(w, zeros(1).squeeze(), ProbeAggregation.Max);
            return probe.Logit(acts, longer).item<float>() >= probe.Logit(acts, shorter).item<float>();
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));

    [Fact]
    public void A_mean_pooled_logit_lies_between_its_parts() =>
        Prop.ForAll(Cases, c =>
        {
            using var scope = NewDisposeScope();
            var (acts, shorter, longer, w) = Draw(c);
            var probe = Probe.Linear(w, zeros(1).squeeze(), ProbeAggregation.Mean);
            var tokenLogits = probe.TokenLogits(acts);                                  // [1, 8]
            double whole = probe.Logit(acts, longer).item<float>();
            double head = probe.Logit(acts, shorter).item<float>();
            double tail = (tokenLogits * longer.logical_and(shorter.logical_not())).sum().item<float>() / c.Added;
            double lo = Math.Min(head, tail) - 1e-5, hi = Math.Max(head, tail) + 1e-5;
            return whole >= lo && whole <= hi;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
}
