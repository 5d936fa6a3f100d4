using InterpLoop.Engine;
using InterpLoop.Engine.RewardHacking;
using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Properties.Engine;

/// <summary>Pretraining's loss, computed on the rows it reads, is the teacher-forced pass's over every position.</summary>
public class ReferencePretrainingTests
{
    [Theory]
    [InlineData(6, 11)]
    [InlineData(4, 12)]
    [InlineData(1, 13)]
    public void The_loglikelihood_of_the_read_rows_and_its_gradients_are_the_full_passes(int maxTokens, int seed)
    {
        torch.set_num_threads(RewardHackingScenario.Threads);
        using var scope = NewDisposeScope();
        var c = new RewardHackingConfig { MaxTokens = maxTokens, Hidden = 32 };
        var env = new TaskEnvironment(c.Features, c.Answers);
        var v = env.Vocabulary;
        var g = new Generator((ulong)seed);
        var policy = PolicyNetwork.Initialise(c.Features, c.Hidden, v, c.MaxTokens, g);
        var mask = Responses.LogitMask(v, c.MaxTokens, allowFiller: true);
        var (x, correct) = env.Sample(64, g);
        var tokens = ReferencePretraining.Demonstrations(c, v, correct, g);                       // [B, L]

        var loglikelihood = ReferencePretraining.Loglikelihood(policy, x, tokens, mask);
        var rows = loglikelihood.Sum;
        rows.backward();
        loglikelihood.Backpropagate(policy.Parameters);
        var rowGradients = policy.Parameters.Select(p => p.grad!.clone()).ToList();
        foreach (var p in policy.Parameters) p.grad!.zero_();
        var output = policy.ForwardForTraining(x, tokens);
        var full = Responses.SequenceLogProb(output.LogProbs(mask), tokens, Responses.Emitted(tokens, v)).sum();
        full.backward();
        output.Backpropagate(policy.Parameters);
        var fullGradients = policy.Parameters.Select(p => p.grad!.clone()).ToList();

        Assert.InRange(rows.item<float>() - full.item<float>(), -1e-3, 1e-3);
        for (int i = 0; i < rowGradients.Count; i++)
        {
            double gap = (rowGradients[i] - fullGradients[i]).abs().max().item<float>(), scale = fullGradients[i].abs().max().item<float>();
            Assert.True(gap <= 1e-5 * (1 + scale), $"parameter {i}: gradients differ by {gap:G3} (largest {scale:G3})");
        }
    }

    [Fact]
    public void A_token_outside_the_vocabulary_is_refused_not_written_into_another_input()
    {
        using var scope = NewDisposeScope();
        var c = new RewardHackingConfig { Hidden = 16 };
        var v = new Vocabulary(c.Answers);
        var policy = PolicyNetwork.Initialise(c.Features, c.Hidden, v, c.MaxTokens, new Generator(1));
        var tokens = full(2, c.MaxTokens, (long)v.End, dtype: ScalarType.Int64);
        tokens[1, 0] = tensor((long)v.Size);                                           // BOS's index, not a token
        var error = Assert.Throws<ArgumentException>(() =>
            ReferencePretraining.Loglikelihood(policy, zeros(2, c.Features), tokens, Responses.LogitMask(v, c.MaxTokens, allowFiller: true)));
        Assert.Contains("demonstration 1 has token 11 at position 0", error.Message);
    }

    /// <summary>
    /// Every demonstration is [content, FILLER × k, END, END…] with k in 0 .. FillerBound − 1 (0 without filler evasion
    /// or room), and the rates decide the content: HACK below the hack rate, the correct answer up to hack rate plus
    /// accuracy, a wrong one above.
    /// </summary>
    [Theory]
    [InlineData(6, Evasion.Filler, 0.05, 0.75, 0.2, 0.05)]
    [InlineData(6, Evasion.None, 0.05, 0.75, 0.2, 0.05)]
    [InlineData(2, Evasion.Filler, 0.3, 0.3, 0.9, 0.9)]
    [InlineData(1, Evasion.Filler, 0.1, 0.5, 0.5, 0.5)]
    [InlineData(8, Evasion.Filler, 0, 1, 1, 0)]
    [InlineData(5, Evasion.Filler, 1, 0, 0, 1)]
    [InlineData(5, Evasion.Blind, 0, 0, 0.5, 0.5)]
    public void Demonstrations_follow_their_grammar_and_rates(int maxTokens, Evasion evasion, double hackRate, double accuracy, double fillerRate, double hackFillerRate)
    {
        using var scope = NewDisposeScope();
        var c = new RewardHackingConfig
        {
            MaxTokens = maxTokens, Evasion = evasion, ReferenceHackRate = hackRate, ReferenceAccuracy = accuracy,
            ReferenceFillerRate = fillerRate, ReferenceHackFillerRate = hackFillerRate,
        };
        var v = new Vocabulary(c.Answers);
        const int n = 4000;
        var g = new Generator(7);
        var correct = randint(0, c.Answers, new long[] { n }, generator: g);
        var tokens = ReferencePretraining.Demonstrations(c, v, correct, g);
        Assert.Equal(new long[] { n, maxTokens }, tokens.shape);
        var y = tokens.data<long>().ToArray();
        var answers = correct.data<long>().ToArray();
        int hacks = 0, right = 0, withFiller = 0, hackWithFiller = 0;
        for (int b = 0; b < n; b++)
        {
            long content = y[b * maxTokens];
            Assert.True(content == v.Hack || content is >= 0 && content < c.Answers, $"demonstration {b} opens with token {content}");
            int k = 0;
            while (1 + k < maxTokens && y[b * maxTokens + 1 + k] == v.Filler) k++;
            for (int s = 1 + k; s < maxTokens; s++) Assert.Equal(v.End, y[b * maxTokens + s]);
            Assert.InRange(k, 0, ReferencePretraining.DemonstratesFiller(c) ? ReferencePretraining.FillerBound(c) - 1 : 0);
            if (content == v.Hack) { hacks++; if (k > 0) hackWithFiller++; }
            else { if (content == answers[b]) right++; if (k > 0) withFiller++; }
        }
        static void Near(double expected, double actual, string what) =>
            Assert.True(Math.Abs(expected - actual) < 0.04, $"{what}: {actual:F3}, expected {expected:F3}");
        Near(hackRate, hacks / (double)n, "hack share");
        Near(accuracy, right / (double)n, "correct share");
        if (ReferencePretraining.DemonstratesFiller(c))
        {
            if (n - hacks > 200) Near(fillerRate, withFiller / (double)(n - hacks), "filler share after honest content");
            if (hacks > 200) Near(hackFillerRate, hackWithFiller / (double)hacks, "filler share after a hack");
        }
        else Assert.Equal(0, withFiller + hackWithFiller);
    }
}
