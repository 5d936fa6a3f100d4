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
            var emitted = Responses.Emitted(tokens, v);
            var logProbs = policy.Forward(x, tokens).LogProbs(mask);                  // [B, L, V]
            var loss = -Responses.SequenceLogProb(logProbs, tokens, emitted).mean();
            optimizer.ZeroGrad();
            loss.backward();
            optimizer.Step();
            if (step % 50 == 0 || step == c.ReferenceSteps - 1)
                progress?.Report(new TrainingProgress("pretrain", step + 1, c.ReferenceSteps, loss.item<float>()));
        }
        return policy.Clone(trainable: false);
    }

    /// <summary>Demonstration responses: [content, FILLER × k, END, END…]. correct: [B]; returns [B, L].</summary>
    static Tensor Demonstrations(RewardHackingConfig c, Vocabulary v, Tensor correct, Generator g)
    {
        long n = correct.shape[0];
        int L = c.MaxTokens;
        var u = rand(n, generator: g);                                                // [B]
        var wrong = (correct + randint(1, c.Answers, new long[] { n }, generator: g)) % c.Answers;
        var content = where(u.lt(c.ReferenceHackRate), full_like(correct, v.Hack),
                      where(u.lt(c.ReferenceHackRate + c.ReferenceAccuracy), correct, wrong));
        // Filler after the content: 1 .. L−2 tokens, so content, filler and END fit in L.
        var fillerRate = c.Evasion == Evasion.Filler && L > 2 ? c.ReferenceFillerRate : 0.0;
        // Justification mostly accompanies honest work; a hack is justified less often.
        var hackFillerRate = c.Evasion == Evasion.Filler && L > 2 ? c.ReferenceHackFillerRate : 0.0;
        var rate = where(content.eq(v.Hack), full(n, hackFillerRate), full(n, fillerRate));   // [B]
        var fillers = randint(1, Math.Max(L - 1, 2), new long[] { n }, generator: g)
                      * rand(n, generator: g).lt(rate).to(ScalarType.Int64);          // [B]
        var position = arange(L, dtype: ScalarType.Int64).unsqueeze(0);              // [1, L]
        return where(position.eq(0), content.unsqueeze(1),
               where(position.le(fillers.unsqueeze(1)), full(1, 1, v.Filler, dtype: ScalarType.Int64),
                     full(1, 1, v.End, dtype: ScalarType.Int64)));                     // [B, L]
    }
}
