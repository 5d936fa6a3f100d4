using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// P policy networks of one shape trained as one program: each of <see cref="PolicyNetwork"/>'s parameters
/// stacked along a leading population dimension, every matrix product a batched one (bmm). A member's slice of a
/// batched product equals its own network's product bit for bit (each batch entry is one matrix product of the
/// same shape), and every other op here is element- or row-wise, so member p's rows are what a population of one
/// gives for its parameters. (A broadcast 4-D matmul is not: ATen folds it differently, which is why inputs are
/// [P, m, F].) <see cref="PolicyPass"/> computes it; <see cref="Rollout"/> runs it on each position's distinct rows.
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

    /// <summary>Every member's network on its own rows, u [P, m, F], rows not yet computed (<see cref="PolicyPass.Compute"/>).</summary>
    internal PolicyPass Begin(Tensor u) => PolicyPass.Begin(Parameters, u);

    /// <summary>Every member's network on its own rows, u [P, m, F], every row computed.</summary>
    internal PolicyPass Run(Tensor u) => PolicyPass.Run(Parameters, u);
}
