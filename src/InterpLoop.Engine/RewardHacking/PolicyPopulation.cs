using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// P policy networks of one shape trained as one program: each of <see cref="PolicyNetwork"/>'s parameters
/// stacked along a leading population dimension, every matrix product a batched one (bmm). A member's slice of a
/// batched product equals its own network's product bit for bit (each batch entry is one matrix product of the
/// same shape), and every other op here is element- or row-wise, so member p's activations and logits are those
/// <see cref="PolicyNetwork.Forward"/> gives for its parameters. (A broadcast 4-D matmul is not: ATen folds it
/// differently, which is why inputs are flattened to [P, M, F] first.)
/// </summary>
internal sealed class PolicyPopulation
{
    PolicyPopulation(Tensor[] parameters, Vocabulary vocabulary, int maxTokens)
    {
        Parameters = parameters;
        Vocabulary = vocabulary;
        MaxTokens = maxTokens;
    }

    /// <summary>W0 [P, F, H]; W1 [P, H, H], b1 [P, H]; W2 [P, H, H], b2 [P, H]; W3 [P, H, V], b3 [P, V].</summary>
    public Tensor[] Parameters { get; }
    public Vocabulary Vocabulary { get; }
    public int MaxTokens { get; }
    public int Size => (int)Parameters[0].shape[0];

    /// <summary>The members' parameters stacked (copied); <paramref name="trainable"/> decides whether they take gradients.</summary>
    public static PolicyPopulation Stack(IReadOnlyList<PolicyNetwork> members, bool trainable)
    {
        var first = members[0];
        if (members.Any(m => m.Vocabulary != first.Vocabulary || m.MaxTokens != first.MaxTokens || m.Parameters[0].shape[1] != first.Parameters[0].shape[1]))
            throw new ArgumentException("a population's members must share their shapes", nameof(members));
        var parameters = Enumerable.Range(0, first.Parameters.Length)
            .Select(i => stack(members.Select(m => m.Parameters[i].detach()).ToArray(), 0).requires_grad_(trainable))
            .ToArray();
        return new PolicyPopulation(parameters, first.Vocabulary, first.MaxTokens);
    }

    /// <summary>Member p as a network of its own, with copies of its current parameters (no gradients).</summary>
    public PolicyNetwork Member(int p) =>
        PolicyNetwork.FromParameters(Parameters.Select(t => t[p].detach().clone()).ToArray(), Vocabulary, MaxTokens);

    /// <summary>Every step of every member's responses at once (teacher forcing). x: [P, n, d]; tokens: [P, n, L] int64.</summary>
    public PopulationOutput Forward(Tensor x, Tensor tokens)
    {
        long p = x.shape[0], n = x.shape[1];
        int steps = MaxTokens + 1;
        var u = PolicyNetwork.Inputs(x.flatten(0, 1), tokens.flatten(0, 1), Vocabulary, MaxTokens)   // [P·n, L+1, F]
            .view(p, n * steps, -1);                                                                // [P, n·(L+1), F]
        var (h1, h2, logits) = Layers(u);                                                           // [P, n·(L+1), ·]
        return new PopulationOutput(h1.view(p, n, steps, -1), h2.view(p, n, steps, -1), logits.view(p, n, steps, -1));
    }

    /// <summary>The logits at step s of every member's responses: [P, n, V]. x: [P, n, d]; previous: [P, n] int64.</summary>
    public Tensor StepLogits(Tensor x, Tensor previous, int s)
    {
        long p = x.shape[0], n = x.shape[1];
        var u = PolicyNetwork.StepInputs(x.flatten(0, 1), previous.flatten(0, 1), s, Vocabulary, MaxTokens).view(p, n, -1); // [P, n, F]
        return Layers(u).Logits;                                                                    // [P, n, V]
    }

    (Tensor Hidden1, Tensor Hidden2, Tensor Logits) Layers(Tensor u)
    {
        var w = Parameters;
        var h0 = u.bmm(w[0]);                                                   // [P, m, H]
        var h1 = h0 + tanh(h0.bmm(w[1]) + w[2].unsqueeze(1));                   // [P, m, H]
        var h2 = h1 + tanh(h1.bmm(w[3]) + w[4].unsqueeze(1));                   // [P, m, H]
        var logits = h2.bmm(w[5]) + w[6].unsqueeze(1);                          // [P, m, V]
        return (h1, h2, logits);
    }
}

/// <summary>One teacher-forced pass of a population: the residual stream after each block and the logits, each [P, n, L+1, ·].</summary>
internal sealed record PopulationOutput(Tensor Hidden1, Tensor Hidden2, Tensor Logits)
{
    /// <summary>Member p's pass, as <see cref="PolicyNetwork.Forward"/> would give it: [n, L+1, ·] views.</summary>
    public PolicyOutput Member(int p) => new(Hidden1[p], Hidden2[p], Logits[p]);

    /// <summary>The log-probabilities of the next token at steps 0..L−1, banned tokens masked: [P, n, L, V].</summary>
    public Tensor LogProbs(Tensor logitMask) => (Logits.narrow(2, 0, Logits.shape[2] - 1) + logitMask).log_softmax(-1);
}
