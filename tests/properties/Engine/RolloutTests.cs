using FsCheck;
using FsCheck.Fluent;
using InterpLoop.Engine;
using InterpLoop.Engine.RewardHacking;
using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Properties.Engine;

/// <summary>
/// An RL step computes each distinct input row once and keeps the sampling pass's graph (Rollout, PositionRows). It
/// must still be the function a plain teacher-forced pass computes: every response's log-probabilities, KL and
/// activations equal <see cref="PolicyNetwork.Forward"/>'s on the sampled tokens within float rounding (1e-5: the
/// products have other row counts, so their bits may differ), and a member's rollout does not depend on the
/// population around it (bit for bit).
/// </summary>
public class RolloutTests
{
    const int B = 16, G = 8, L = 6;
    static readonly Vocabulary V = new(8);

    static Gen<(long[] Previous, int Group)> Previouses =>
        from size in Gen.Choose(1, 9)
        from problems in Gen.Choose(1, 6)
        from tokens in Gen.ArrayOf(Gen.Elements(V.Filler, V.End, V.Hack), problems * size)
        select (tokens.Select(t => (long)t).ToArray(), size);

    /// <summary>
    /// Rollout.Sample draws a member's uniforms for all L positions in one call, which gives the numbers of L draws of
    /// N only because ATen fills a uniform tensor serially from its generator. This pins that, state after included.
    /// </summary>
    [Fact]
    public void One_draw_of_L_times_N_uniforms_is_L_draws_of_N() =>
        Prop.ForAll(Arb.From(Gen.Choose(1, 3000)), Arb.From(Gen.Choose(1, 9)), Arb.From(Gen.Choose(0, 1 << 20)), (n, positions, seed) =>
        {
            using var scope = NewDisposeScope();
            var (apart, together) = (new Generator((ulong)seed), new Generator((ulong)seed));
            var draws = cat(Enumerable.Range(0, positions).Select(_ => rand(n, dtype: ScalarType.Float64, generator: apart)).ToArray(), 0);
            var one = rand(positions * n, dtype: ScalarType.Float64, generator: together);
            return draws.eq(one).all().item<bool>()
                && rand(3, dtype: ScalarType.Float64, generator: apart).eq(rand(3, dtype: ScalarType.Float64, generator: together)).all().item<bool>();
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(60));

    [Fact]
    public void Every_response_reads_the_one_row_of_its_problem_and_previous_token() =>
        Prop.ForAll(Arb.From(Previouses), c =>
        {
            int problems = c.Previous.Length / c.Group, bound = problems * Math.Min(c.Group, 3);
            var rows = PositionRows.Of(c.Previous, c.Group, bound);
            var keys = Enumerable.Range(0, rows.Distinct).Select(r => (rows.Problem[r], rows.Previous[r])).ToList();
            Assert.Equal(keys.Count, keys.Distinct().Count());
            Assert.Equal(bound, rows.Bound);
            for (int i = 0; i < c.Previous.Length; i++)
            {
                Assert.InRange(rows.Index[i], 0, rows.Distinct - 1);
                Assert.Equal((i / c.Group, c.Previous[i]), keys[(int)rows.Index[i]]);
            }
            Assert.Equal(c.Previous.Select((t, i) => (i / c.Group, t)).Distinct().Count(), rows.Distinct);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));

    static Gen<float[]> Distributions =>
        from weights in Gen.ArrayOf(Gen.Elements(0f, 0f, 1e-7f, 0.01f, 0.3f, 1f, 2.5f), 11)
        where weights.Any(w => w > 0)
        select weights.Select(w => w / weights.Sum()).ToArray();

    [Fact]
    public void A_draw_never_picks_a_banned_token_and_gives_each_token_its_probability() =>
        Prop.ForAll(Arb.From(Distributions), probs =>
        {
            const int grid = 100_000;
            var counts = new int[probs.Length];
            foreach (var u in Enumerable.Range(0, grid).Select(k => k / (double)grid).Append(1 - 1e-16))
                counts[Responses.Draw(probs, u)]++;
            for (int t = 0; t < probs.Length; t++)
            {
                if (probs[t] == 0) Assert.Equal(0, counts[t]);
                Assert.InRange(counts[t] / (double)grid, probs[t] - 2.0 / grid, probs[t] + 2.0 / grid);
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));

    [Fact]
    public void More_distinct_inputs_than_the_grammar_allows_is_an_error_not_a_silent_overflow()
    {
        var previous = new long[] { V.Filler, V.End, 0 };   // three distinct tokens for one problem, bound two
        var error = Assert.Throws<InvalidOperationException>(() => PositionRows.Of(previous, group: 3, bound: 2));
        Assert.Contains("outside the grammar", error.Message);
    }

    [Fact]
    public void The_rows_bound_follows_the_grammar()
    {
        var filler = Responses.PossibleCounts(Responses.LogitMask(V, L, allowFiller: true), V);
        var none = Responses.PossibleCounts(Responses.LogitMask(V, L, allowFiller: false), V);
        Assert.Equal(new[] { 10, 2, 2, 2, 2, 2 }, filler);       // answers, HACK and END; then FILLER or END
        Assert.Equal(new[] { 10, 1, 1, 1, 1, 1 }, none);
        Assert.Equal(new[] { 32, 256, 64, 64, 64, 64, 64 }, Enumerable.Range(0, L + 1).Select(s => PositionRows.MaxRows(s, 32, 8, filler)));
        Assert.Equal(new[] { 32, 256, 32, 32, 32, 32, 32 }, Enumerable.Range(0, L + 1).Select(s => PositionRows.MaxRows(s, 32, 8, none)));
    }

    [Fact]
    public void A_rollout_scores_its_responses_as_a_teacher_forced_pass_does()
    {
        torch.set_num_threads(RewardHackingScenario.Threads);
        using var scope = NewDisposeScope();
        var g = new Generator(5);
        var nets = new[] { PolicyNetwork.Initialise(8, 32, V, L, g), PolicyNetwork.Initialise(8, 32, V, L, g) };
        var mask = Responses.LogitMask(V, L, allowFiller: true);
        var problems = randn(2, B, 8, generator: g);                                   // [P, B, d]
        var rollout = Rollout.Sample(PolicyPopulation.Stack(nets, trainable: true), problems, G, mask, new[] { new Generator(1), new Generator(2) });
        var reference = PolicyPopulation.Stack(nets.Reverse().ToArray(), trainable: false);
        var logProbs = rollout.LogProbs();
        var referenceLogProbs = rollout.ReferenceLogProbs(reference);
        var allEmitted = Responses.Emitted(rollout.Tokens.flatten(0, 1), V).view(2, B * G, L);     // [P, N, L]
        var sequenceLogProbs = rollout.SequenceLogProb(logProbs, allEmitted);                      // [P, N]
        var kls = rollout.SequenceKl(logProbs, referenceLogProbs, allEmitted);                     // [P, N]
        for (int p = 0; p < 2; p++)
        {
            var tokens = rollout.Tokens[p];                                            // [N, L]
            var emitted = Responses.Emitted(tokens, V);
            var x = problems[p].repeat_interleave(G, 0);                               // [N, d]
            var full = nets[p].Forward(x, tokens);
            var fullLogProbs = full.LogProbs(mask);                                    // [N, L, V]
            var fullReference = nets[1 - p].Forward(x, tokens).LogProbs(mask);
            AssertClose(Responses.SequenceLogProb(fullLogProbs, tokens, emitted), sequenceLogProbs[p], "log π(y|x)");
            AssertClose(Responses.SequenceKl(fullLogProbs, fullReference, emitted), kls[p], "KL");
            for (int layer = 1; layer <= 2; layer++)
            {
                AssertClose(full.TokenActivations(layer), rollout.TokenActivations(p, layer), $"layer {layer} activations");
                // A value computed on the activation rows and read at the tokens is the value at the token activations.
                var rowSums = rollout.ActivationRows(layer).sum(2);                                  // [P, A]
                AssertClose(full.TokenActivations(layer).sum(2), rollout.AtTokens(rowSums)[p], $"layer {layer} row values at the tokens");
                AssertClose(full.TokenActivations(layer).sum(2), rollout.AtTokens(rowSums.narrow(0, p, 1), tensor(new long[] { p }))[0], $"layer {layer} row values of member {p} alone");
            }
            // The grammar holds: content first, then FILLER or END, END to the end once it came.
            var t = tokens.data<long>().ToArray();
            for (int i = 0; i < B * G; i++)
            {
                Assert.True(t[i * L] < V.Filler, $"response {i} starts with {t[i * L]}");
                for (int s = 1; s < L; s++)
                    Assert.True(t[i * L + s] == V.End || (t[i * L + s] == V.Filler && t[i * L + s - 1] != V.End), $"response {i} step {s}: {t[i * L + s]}");
            }
        }
    }

    /// <summary>
    /// The step's gradients, autograd to the rows and <see cref="Rollout.Backpropagate"/> the rest, are autograd's through
    /// the plain network (torch.tanh, log_softmax) in float64 on the same tokens, for a loss with every kind of term a
    /// step has: log π(y|x), the KL to a reference, and a function of the activations.
    /// </summary>
    [Fact]
    public void A_rollouts_gradients_are_autograds_through_the_plain_network()
    {
        torch.set_num_threads(RewardHackingScenario.Threads);
        using var scope = NewDisposeScope();
        var g = new Generator(7);
        var nets = new[] { PolicyNetwork.Initialise(8, 32, V, L, g), PolicyNetwork.Initialise(8, 32, V, L, g) };
        var mask = Responses.LogitMask(V, L, allowFiller: true);
        var problems = randn(2, B, 8, generator: g);
        var policy = PolicyPopulation.Stack(nets, trainable: true);
        var rollout = Rollout.Sample(policy, problems, G, mask, new[] { new Generator(1), new Generator(2) });
        var reference = PolicyPopulation.Stack(nets.Reverse().ToArray(), trainable: false);
        var emitted = Responses.Emitted(rollout.Tokens.flatten(0, 1), V).view(2, B * G, L).to(ScalarType.Float32);
        var weights = randn(2, B * G, generator: g);
        var probe = randn(2, B * G, L, 32, generator: g) / 100;
        var logProbs = rollout.LogProbs();
        var loss = (weights * rollout.SequenceLogProb(logProbs, emitted)).sum()
                   + 0.3 * rollout.SequenceKl(logProbs, rollout.ReferenceLogProbs(reference), emitted).sum()
                   + (stack(new[] { rollout.TokenActivations(0, 2), rollout.TokenActivations(1, 2) }, 0) * probe).sum();
        loss.backward();
        rollout.Backpropagate(policy.Parameters);

        var mask64 = mask.to(ScalarType.Float64);
        for (int p = 0; p < 2; p++)
        {
            var w = nets[p].Parameters.Select(t => t.detach().to(ScalarType.Float64).requires_grad_()).ToArray();
            var r = nets[1 - p].Parameters.Select(t => t.detach().to(ScalarType.Float64)).ToArray();
            var tokens = rollout.Tokens[p];
            var u = PolicyNetwork.Inputs(problems[p].repeat_interleave(G, 0), tokens, V, L).to(ScalarType.Float64);   // [N, L+1, F]
            var (h2, logits) = Plain(w, u);
            var logp = (logits.narrow(1, 0, L) + mask64).log_softmax(-1);
            var logq = (Plain(r, u).Logits.narrow(1, 0, L) + mask64).log_softmax(-1);
            var e = emitted[p].to(ScalarType.Float64);
            var plain = (weights[p].to(ScalarType.Float64) * Responses.SequenceLogProb(logp, tokens, e)).sum()
                        + 0.3 * Responses.SequenceKl(logp, logq, e).sum()
                        + (h2.narrow(1, 1, L) * probe[p].to(ScalarType.Float64)).sum();
            plain.backward();
            for (int i = 0; i < w.Length; i++)
            {
                var expected = w[i].grad!;
                double gap = (policy.Parameters[i].grad![p].to(ScalarType.Float64) - expected).abs().max().item<double>(), scale = expected.abs().max().item<double>();
                Assert.True(gap <= 1e-4 * (1 + scale), $"member {p}, parameter {i}: off by {gap:G3} (largest {scale:G3})");
            }
        }
    }

    static (Tensor Hidden2, Tensor Logits) Plain(Tensor[] w, Tensor u)
    {
        var h0 = u.matmul(w[0]);
        var h1 = h0 + (h0.matmul(w[1]) + w[2]).tanh();
        var h2 = h1 + (h1.matmul(w[3]) + w[4]).tanh();
        return (h2, h2.matmul(w[5]) + w[6]);
    }

    [Fact]
    public void A_members_rollout_is_the_same_bits_alone_and_in_a_population()
    {
        torch.set_num_threads(RewardHackingScenario.Threads);
        using var scope = NewDisposeScope();
        var g = new Generator(6);
        var nets = new[] { PolicyNetwork.Initialise(8, 64, V, L, g), PolicyNetwork.Initialise(8, 64, V, L, g), PolicyNetwork.Initialise(8, 64, V, L, g) };
        var mask = Responses.LogitMask(V, L, allowFiller: true);
        var problems = randn(3, B, 8, generator: g);
        var together = Rollout.Sample(PolicyPopulation.Stack(nets, trainable: true), problems, G, mask, new[] { new Generator(1), new Generator(2), new Generator(3) });
        var alone = Rollout.Sample(PolicyPopulation.Stack(new[] { nets[1] }, trainable: true), problems.narrow(0, 1, 1), G, mask, new[] { new Generator(2) });
        Assert.True(together.Tokens[1].eq(alone.Tokens[0]).all().item<bool>(), "the member's samples differ");
        Assert.True(together.LogProbs()[1].eq(alone.LogProbs()[0]).all().item<bool>(), "the member's log-probabilities differ");
        Assert.True(together.TokenActivations(1, 2).eq(alone.TokenActivations(0, 2)).all().item<bool>(), "the member's activations differ");
    }

    static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        double gap = (expected - actual).abs().max().item<float>();
        Assert.True(gap <= 1e-5, $"{what}: the rollout differs from the full pass by {gap:G3}");
    }
}
