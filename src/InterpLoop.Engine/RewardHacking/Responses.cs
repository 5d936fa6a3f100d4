using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>Sampling responses and the bookkeeping on them (which tokens were emitted, their log-probabilities).</summary>
internal static class Responses
{
    const float Banned = -1e9f;

    /// <summary>
    /// The response grammar as an additive mask on the logits, [L, V]: 0 where a token is allowed, a large
    /// negative number where it is not. A response is its content (an answer or HACK) first, then filler
    /// tokens, then END: [content, FILLER*, END]. Without filler it is [content, END], so nothing can dilute
    /// a probe. HACK is banned when sampling honest responses for the probe.
    /// </summary>
    public static Tensor LogitMask(Vocabulary v, int maxTokens, bool allowFiller, bool allowHack = true)
    {
        var mask = new float[maxTokens, v.Size];
        for (int s = 0; s < maxTokens; s++)
            for (int t = 0; t < v.Size; t++)
            {
                bool content = t < v.Filler;
                bool allowed = s == 0 ? content && (allowHack || t != v.Hack)
                                      : t == v.End || (t == v.Filler && allowFiller);
                if (!allowed) mask[s, t] = Banned;
            }
        return tensor(mask);
    }

    /// <summary>
    /// Samples one response per row of x, token by token (each step computes only its own position); after END
    /// every position holds END.
    /// <paramref name="forceFirst"/> fixes the first token (to make hack examples for the probe).
    /// </summary>
    public static Tensor Sample(PolicyNetwork policy, Tensor x, Tensor logitMask, Generator g, int? forceFirst = null)
    {
        using var _ = no_grad();
        long n = x.shape[0];
        int L = policy.MaxTokens, end = policy.Vocabulary.End;
        var tokens = full(n, L, end, dtype: ScalarType.Int64);                          // [n, L]
        var done = zeros(n, dtype: ScalarType.Bool);                                    // [n]
        for (int s = 0; s < L; s++)
        {
            using var scope = NewDisposeScope();
            Tensor next;
            if (s == 0 && forceFirst is int first) next = full(n, first, dtype: ScalarType.Int64);
            else
            {
                var previous = s == 0 ? full(n, policy.Vocabulary.Bos, dtype: ScalarType.Int64) : tokens.select(1, s - 1); // [n]
                var logits = policy.StepLogits(x, previous, s) + logitMask[s];                // [n, V]
                next = logits.softmax(-1).multinomial(1, generator: g).squeeze(1);      // [n]
            }
            next = where(done, full_like(next, end), next);
            tokens.select(1, s).copy_(next);
            done.logical_or_(next.eq(end));
        }
        return tokens;
    }

    /// <summary>
    /// <see cref="Sample"/> for every member of a population at once: the logits come from one batched pass, and
    /// member p's tokens are drawn from its own generator exactly as its own run draws them. x: [P, n, d]; returns [P, n, L].
    /// </summary>
    public static Tensor Sample(PolicyPopulation population, Tensor x, Tensor logitMask, IReadOnlyList<Generator> g)
    {
        using var _ = no_grad();
        long p = x.shape[0], n = x.shape[1];
        int L = population.MaxTokens, end = population.Vocabulary.End;
        var tokens = full(p, n, L, end, dtype: ScalarType.Int64);                       // [P, n, L]
        var done = zeros(p, n, dtype: ScalarType.Bool);                                 // [P, n]
        for (int s = 0; s < L; s++)
        {
            using var scope = NewDisposeScope();
            var previous = s == 0 ? full(p, n, population.Vocabulary.Bos, dtype: ScalarType.Int64) : tokens.select(2, s - 1); // [P, n]
            var probs = (population.StepLogits(x, previous, s) + logitMask[s]).softmax(-1); // [P, n, V]
            var next = stack(Enumerable.Range(0, (int)p)
                .Select(m => probs[m].multinomial(1, generator: g[m]).squeeze(1)).ToArray(), 0); // [P, n]
            next = where(done, full_like(next, end), next);
            tokens.select(2, s).copy_(next);
            done.logical_or_(next.eq(end));
        }
        return tokens;
    }

    /// <summary>Which positions were emitted: everything up to and including the first END. [n, L] bool.</summary>
    public static Tensor Emitted(Tensor tokens, Vocabulary v)
    {
        var isEnd = tokens.eq(v.End).to(ScalarType.Int64);                              // [n, L]
        return (isEnd.cumsum(1) - isEnd).eq(0);
    }

    /// <summary>log π(y | x) of whole responses: [n].</summary>
    public static Tensor SequenceLogProb(Tensor logProbs, Tensor tokens, Tensor emitted) =>
        (logProbs.gather(2, tokens.unsqueeze(2)).squeeze(2) * emitted).sum(1);

    /// <summary>Σ_t KL(π(·|y&lt;t) ‖ π₀(·|y&lt;t)) along each response, exact over the vocabulary at each step: [n].</summary>
    public static Tensor SequenceKl(Tensor logProbs, Tensor referenceLogProbs, Tensor emitted)
    {
        // Masked tokens have probability 0 under both; clamp keeps 0·(−1e9 − −1e9) from ever reaching inf·0.
        var perStep = (logProbs.exp() * (logProbs - referenceLogProbs).clamp(-1e4, 1e4)).sum(2); // [n, L]
        return (perStep * emitted).sum(1);
    }

    /// <summary>Number of filler tokens in each response: [n].</summary>
    public static Tensor FillerCount(Tensor tokens, Tensor emitted, Vocabulary v) =>
        (tokens.eq(v.Filler).logical_and(emitted)).sum(1, type: ScalarType.Float32);
}
