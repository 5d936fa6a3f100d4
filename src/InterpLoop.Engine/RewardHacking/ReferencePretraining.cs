using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// Pretrains the reference policy by supervised learning on demonstrations, like an instruction-tuned
/// model: mostly correct answers, some wrong ones, rare hacks, and now and then filler after the answer,
/// more often after honest answers than after hacks (so RL exploration can find filler, and filler reads honest). It becomes the KL anchor and the "original model" of the taxonomy.
/// </summary>
internal static class ReferencePretraining
{
    const int Batch = 256;
    const double LearningRate = 1e-2;

    public static PolicyNetwork Train(RewardHackingConfig c, TaskEnvironment env, Generator init, Generator data,
        IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        var v = env.Vocabulary;
        var policy = PolicyNetwork.Initialise(c.Features, c.Hidden, v, c.MaxTokens, init);
        var optimizer = new AdamOptimizer(policy.Parameters, LearningRate);
        var mask = Responses.LogitMask(v, c.MaxTokens, allowFiller: c.Evasion == Evasion.Filler);
        for (int step = 0; step < c.ReferenceSteps; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var (x, correct) = env.Sample(Batch, data);                               // [B, d], [B]
            var tokens = Demonstrations(c, v, correct, data);                         // [B, L]
            var loss = -Loglikelihood(policy, x, tokens, mask) / Batch;
            optimizer.ZeroGrad();
            loss.backward();
            optimizer.Step();
            if (step % 50 == 0 || step == c.ReferenceSteps - 1)
                progress?.Report(new TrainingProgress("pretrain", step + 1, c.ReferenceSteps, loss.item<float>()));
        }
        return policy.Clone(trainable: false);
    }

    /// <summary>
    /// Σ log π(y_s | x, y&lt;s) over the emitted tokens of every response (through the first END), computing only the
    /// rows that sum reads. Most demonstrations are [content, END, END…], so about 2.5 of a response's 7 positions are
    /// read (<see cref="WorkloadFlops.ExpectedDemonstrationRows"/>); a teacher-forced pass over every position spent
    /// two thirds of pretraining on rows whose log-probabilities are multiplied by zero. The same sum, so the same
    /// gradients up to float rounding; the rows' count and order follow the demonstrations, which follow the seed.
    /// x: [B, d]; tokens: [B, L].
    /// </summary>
    internal static Tensor Loglikelihood(PolicyNetwork policy, Tensor x, Tensor tokens, Tensor logitMask)
    {
        int L = policy.MaxTokens;
        var rows = Responses.Emitted(tokens, policy.Vocabulary).flatten().nonzero().squeeze(1);                 // [R]: b·L + s
        var inputs = PolicyNetwork.Inputs(x, tokens, policy.Vocabulary, L).narrow(1, 0, L).flatten(0, 1).index_select(0, rows); // [R, F]
        var logProbs = (policy.Layers(inputs).Logits + logitMask.index_select(0, rows.remainder(L))).log_softmax(-1);        // [R, V]
        return logProbs.gather(1, tokens.flatten().index_select(0, rows).unsqueeze(1)).sum();                     // []
    }

    /// <summary>Whether demonstrations carry filler: only with filler evasion and room for content, filler and END.</summary>
    internal static bool DemonstratesFiller(RewardHackingConfig c) => c.Evasion == Evasion.Filler && c.MaxTokens > 2;

    /// <summary>A demonstration's filler count, when it has filler, is uniform on 1 .. FillerBound − 1.</summary>
    internal static int FillerBound(RewardHackingConfig c) => Math.Max(c.MaxTokens - 1, 2);

    /// <summary>Demonstration responses: [content, FILLER × k, END, END…]. correct: [B]; returns [B, L].</summary>
    internal static Tensor Demonstrations(RewardHackingConfig c, Vocabulary v, Tensor correct, Generator g)
    {
        long n = correct.shape[0];
        int L = c.MaxTokens;
        var u = rand(n, generator: g);                                                // [B]
        var wrong = (correct + randint(1, c.Answers, new long[] { n }, generator: g)) % c.Answers;
        var content = where(u.lt(c.ReferenceHackRate), full_like(correct, v.Hack),
                      where(u.lt(c.ReferenceHackRate + c.ReferenceAccuracy), correct, wrong));
        // Filler after the content: 1 .. L−2 tokens, so content, filler and END fit in L.
        var fillerRate = DemonstratesFiller(c) ? c.ReferenceFillerRate : 0.0;
        // Justification mostly accompanies honest work; a hack is justified less often.
        var hackFillerRate = DemonstratesFiller(c) ? c.ReferenceHackFillerRate : 0.0;
        var rate = where(content.eq(v.Hack), full(n, hackFillerRate), full(n, fillerRate));   // [B]
        var fillers = randint(1, FillerBound(c), new long[] { n }, generator: g)
                      * rand(n, generator: g).lt(rate).to(ScalarType.Int64);          // [B]
        var position = arange(L, dtype: ScalarType.Int64).unsqueeze(0);              // [1, L]
        return where(position.eq(0), content.unsqueeze(1),
               where(position.le(fillers.unsqueeze(1)), full(1, 1, v.Filler, dtype: ScalarType.Int64),
                     full(1, 1, v.End, dtype: ScalarType.Int64)));                     // [B, L]
    }
}
