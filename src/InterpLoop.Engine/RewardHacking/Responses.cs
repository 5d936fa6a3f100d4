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

    /// <summary>How many tokens can stand at each step under a mask: the allowed ones and END (after END every position holds END). [L]</summary>
    public static int[] PossibleCounts(Tensor logitMask, Vocabulary v)
    {
        long steps = logitMask.shape[0];
        var mask = logitMask.data<float>().ToArray();                                   // [L·V]
        return Enumerable.Range(0, (int)steps)
            .Select(s => Enumerable.Range(0, v.Size).Count(t => t == v.End || mask[s * v.Size + t] == 0))
            .ToArray();
    }

    /// <summary>
    /// Samples one response per row of x, token by token (each step computes only its own position, its probabilities
    /// <see cref="RowSoftmax"/>'s as in an RL step, each token drawn by <see cref="Draw"/>); after END every position holds END.
    /// <paramref name="forceFirst"/> fixes the first token (to make hack examples for the probe).
    /// </summary>
    public static Tensor Sample(PolicyNetwork policy, Tensor x, Tensor logitMask, Generator g, int? forceFirst = null)
    {
        using var _ = no_grad();
        long n = x.shape[0];
        int L = policy.MaxTokens, end = policy.Vocabulary.End;
        int V = policy.Vocabulary.Size;
        var tokens = full(n, L, end, dtype: ScalarType.Int64);                          // [n, L]
        var done = zeros(n, dtype: ScalarType.Bool);                                    // [n]
        var hostMask = logitMask.contiguous();
        var probabilities = new float[n * V];
        for (int s = 0; s < L; s++)
        {
            using var scope = NewDisposeScope();
            Tensor next;
            if (s == 0 && forceFirst is int first) next = full(n, first, dtype: ScalarType.Int64);
            else
            {
                var previous = s == 0 ? full(n, policy.Vocabulary.Bos, dtype: ScalarType.Int64) : tokens.select(1, s - 1); // [n]
                var pass = policy.StepPass(x, previous, s);                                     // [1, n, ·]
                RowSoftmax.Softmax(pass.PaddedLogitRows(0, 0, (int)n), pass.LogitStride, HostTensors.Read<float>(hostMask).Slice(s * V, V), 0, probabilities, V);
                next = HostTensors.From<long>(DrawRows(probabilities, V, g), new[] { n });   // [n]
            }
            next = where(done, full_like(next, end), next);
            tokens.select(1, s).copy_(next);
            done.logical_or_(next.eq(end));
        }
        GC.KeepAlive(hostMask);
        return tokens;
    }

    /// <summary>
    /// The token whose cumulative probability first exceeds u·Σp (inverse-CDF sampling, summed in double): a token of
    /// probability 0 (a banned one) is never drawn. Cheaper than ATen's multinomial, which draws an exponential for
    /// every entry of the row.
    /// </summary>
    public static int Draw(ReadOnlySpan<float> probs, double uniform)
    {
        double total = 0;
        foreach (var q in probs) total += q;
        double target = uniform * total, cumulative = 0;
        int last = -1;
        for (int t = 0; t < probs.Length; t++)
        {
            if (probs[t] <= 0) continue;
            cumulative += probs[t];
            last = t;
            if (cumulative > target) return t;
        }
        return last >= 0 ? last : throw new InvalidOperationException("a row with no token of positive probability");
    }

    /// <summary>One token for each row of probabilities ([n, V] row-major), one uniform a row from g.</summary>
    public static long[] DrawRows(ReadOnlySpan<float> probabilities, int width, Generator g)
    {
        int n = probabilities.Length / width;
        var drawn = rand(n, dtype: ScalarType.Float64, generator: g);
        var uniforms = HostTensors.Read<double>(drawn);                                 // [n]
        var tokens = new long[n];
        for (int i = 0; i < n; i++) tokens[i] = Draw(probabilities.Slice(i * width, width), uniforms[i]);
        GC.KeepAlive(drawn);                                                            // read in place
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
    public static Tensor SequenceKl(Tensor logProbs, Tensor referenceLogProbs, Tensor emitted) =>
        (StepKl(logProbs, referenceLogProbs) * emitted).sum(1);

    /// <summary>KL(π(·|·) ‖ π₀(·|·)) over the vocabulary, the last dimension, at every step (or row) of the log-probabilities.</summary>
    public static Tensor StepKl(Tensor logProbs, Tensor referenceLogProbs) =>
        // Masked tokens have probability 0 under both; clamp keeps 0·(−1e9 − −1e9) from ever reaching inf·0. Their
        // log-probabilities are floored at −80 before exp (e^−80 is 1.8e-35, and their difference is 0 in float):
        // ATen's exp is MKL's, which takes a slow path for every result that underflows, 2.4 % of an RL step.
        (logProbs.clamp_min(ProbabilityFloor).exp() * (logProbs - referenceLogProbs).clamp(-1e4, 1e4)).sum(-1);

    const float ProbabilityFloor = -80f;

    /// <summary>Number of filler tokens in each response: [n].</summary>
    public static Tensor FillerCount(Tensor tokens, Tensor emitted, Vocabulary v) =>
        (tokens.eq(v.Filler).logical_and(emitted)).sum(1, type: ScalarType.Float32);
}
