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

        var rows = ReferencePretraining.Loglikelihood(policy, x, tokens, mask);
        var rowGradients = torch.autograd.grad(new[] { rows }, policy.Parameters);
        var full = Responses.SequenceLogProb(policy.Forward(x, tokens).LogProbs(mask), tokens, Responses.Emitted(tokens, v)).sum();
        var fullGradients = torch.autograd.grad(new[] { full }, policy.Parameters);

        Assert.InRange(rows.item<float>() - full.item<float>(), -1e-3, 1e-3);
        for (int i = 0; i < rowGradients.Count; i++)
        {
            double gap = (rowGradients[i] - fullGradients[i]).abs().max().item<float>(), scale = fullGradients[i].abs().max().item<float>();
            Assert.True(gap <= 1e-5 * (1 + scale), $"parameter {i}: gradients differ by {gap:G3} (largest {scale:G3})");
        }
    }
}
