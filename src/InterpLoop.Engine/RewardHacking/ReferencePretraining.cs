using System.Buffers;
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
        var scratch = new RolloutScratch();
        for (int step = 0; step < c.ReferenceSteps; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var (x, correct) = env.Sample(Batch, data);                               // [B, d], [B]
            var tokens = Demonstrations(c, v, correct, data);                         // [B, L]
            var loglikelihood = Loglikelihood(policy, x, tokens, mask, scratch);
            var loss = -loglikelihood.Sum / Batch;
            optimizer.ZeroGrad();
            loss.backward();
            loglikelihood.Backpropagate(policy.Parameters);
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
    /// The rows' inputs (<see cref="PolicyNetwork.WriteStepInput"/>), masks and targets are written on the host, as
    /// <see cref="PositionRows"/> writes an RL step's: they are copies and one-hots, the same bits as selecting them with
    /// two dozen tensor ops, whose per-op overhead was a third of a step's forward pass (0.92–1.07 ms, against 0.57–0.71
    /// written here, in three alternating pairs). x: [B, d]; tokens: [B, L]. The sum's graph reaches the rows'
    /// log-probabilities (<see cref="PassLogProbs"/>); after it is taken backward, <see cref="RowLoglikelihood.Backpropagate"/>
    /// gives the parameters' gradients.
    /// </summary>
    internal static RowLoglikelihood Loglikelihood(PolicyNetwork policy, Tensor x, Tensor tokens, Tensor logitMask, RolloutScratch? scratch = null)
    {
        var v = policy.Vocabulary;
        int L = policy.MaxTokens, V = v.Size, n = (int)tokens.shape[0], d = (int)x.shape[1];
        int width = PolicyNetwork.InputSize(d, v, L);
        scratch ??= new RolloutScratch();
        var hostTokens = tokens.contiguous();
        var hostX = x.contiguous();
        var hostMask = logitMask.contiguous();
        var y = HostTensors.Read<long>(hostTokens);                                             // [B·L]
        var problems = HostTensors.Read<float>(hostX);                                          // [B·d]
        var maskAt = HostTensors.Read<float>(hostMask);                                         // [L·V]
        var inputs = scratch.Get<float>("pretraining inputs", n * L * width);
        var masks = scratch.Get<float>("pretraining masks", n * L * V);
        var targets = scratch.Get<long>("pretraining targets", n * L);
        int rows = 0;
        for (int b = 0; b < n; b++)
            for (int s = 0; s < L; s++)
            {
                long previous = s == 0 ? v.Bos : y[b * L + s - 1];
                if (s > 0 && (previous < 0 || previous >= V))
                    throw new ArgumentException($"demonstration {b} has token {previous} at position {s - 1}, outside the vocabulary of {V}", nameof(tokens));
                PolicyNetwork.WriteStepInput(inputs.AsSpan(rows * width, width), problems.Slice(b * d, d), previous, s, v);
                maskAt.Slice(s * V, V).CopyTo(masks.AsSpan(rows * V, V));
                targets[rows++] = y[b * L + s];
                if (y[b * L + s] == v.End) break;                                               // emitted through the first END
            }
        GC.KeepAlive(hostTokens);
        GC.KeepAlive(hostX);
        GC.KeepAlive(hostMask);
        var input = HostTensors.From<float>(inputs.AsSpan(0, rows * width), new long[] { rows, width });           // [R, F]
        var target = HostTensors.From<long>(targets.AsSpan(0, rows), new long[] { rows, 1 });                      // [R, 1]
        var pass = policy.Pass(input);
        var logProbs = PassLogProbs.Of(pass, rows, masks.AsSpan(0, rows * V), training: true);                     // [1, R, V]
        return new RowLoglikelihood(logProbs.Values[0].gather(1, target).sum(), pass, logProbs);                   // []
    }

    /// <summary>The loglikelihood of a batch's read rows, and the way its gradient reaches the parameters.</summary>
    internal sealed record RowLoglikelihood(Tensor Sum, PolicyPass Pass, PassLogProbs LogProbs)
    {
        /// <summary>After <see cref="Sum"/> (or a loss on it) is taken backward: adds the policy's parameter gradients.</summary>
        public void Backpropagate(IReadOnlyList<Tensor> parameters) => Pass.Backpropagate(parameters, LogProbs.LogitGradient(), null, null);
    }

    /// <summary>Whether demonstrations carry filler: only with filler evasion and room for content, filler and END.</summary>
    internal static bool DemonstratesFiller(RewardHackingConfig c) => c.Evasion == Evasion.Filler && c.MaxTokens > 2;

    /// <summary>A demonstration's filler count, when it has filler, is uniform on 1 .. FillerBound − 1.</summary>
    internal static int FillerBound(RewardHackingConfig c) => Math.Max(c.MaxTokens - 1, 2);

    /// <summary>
    /// Demonstration responses: [content, FILLER × k, END, END…]. correct: [B]; returns [B, L]. The draws are tensors
    /// (four, in this order: the content's uniform, the wrong answer's offset, the filler count and its coin); what
    /// they decide is a few comparisons a response, done on the host rather than by two dozen tensor ops. Thresholds
    /// are compared in float, as a float tensor compares with a double.
    /// </summary>
    internal static Tensor Demonstrations(RewardHackingConfig c, Vocabulary v, Tensor correct, Generator g)
    {
        int n = (int)correct.shape[0], L = c.MaxTokens;
        var u = rand(n, generator: g);                                                          // [B]
        var offset = randint(1, c.Answers, new long[] { n }, generator: g);                     // [B]: a wrong answer is correct + 1 .. K−1 (mod K)
        var count = randint(1, FillerBound(c), new long[] { n }, generator: g);                 // [B]: 1 .. FillerBound − 1 fillers
        var coin = rand(n, generator: g);                                                       // [B]
        var hostCorrect = correct.contiguous();
        var uniform = HostTensors.Read<float>(u);
        var offsets = HostTensors.Read<long>(offset);
        var counts = HostTensors.Read<long>(count);
        var coins = HostTensors.Read<float>(coin);
        var answers = HostTensors.Read<long>(hostCorrect);
        float hackBelow = (float)c.ReferenceHackRate, correctBelow = (float)(c.ReferenceHackRate + c.ReferenceAccuracy);
        // Justification mostly accompanies honest work; a hack is justified less often.
        float fillerRate = DemonstratesFiller(c) ? (float)c.ReferenceFillerRate : 0f;
        float hackFillerRate = DemonstratesFiller(c) ? (float)c.ReferenceHackFillerRate : 0f;
        var tokens = ArrayPool<long>.Shared.Rent(n * L);
        try
        {
            for (int b = 0; b < n; b++)
            {
                long content = uniform[b] < hackBelow ? v.Hack
                             : uniform[b] < correctBelow ? answers[b] : (answers[b] + offsets[b]) % c.Answers;
                long fillers = coins[b] < (content == v.Hack ? hackFillerRate : fillerRate) ? counts[b] : 0;
                for (int s = 0; s < L; s++)
                    tokens[b * L + s] = s == 0 ? content : s <= fillers ? v.Filler : v.End;
            }
            GC.KeepAlive(u); GC.KeepAlive(offset); GC.KeepAlive(count); GC.KeepAlive(coin); GC.KeepAlive(hostCorrect);
            return HostTensors.From<long>(tokens.AsSpan(0, n * L), new long[] { n, L });
        }
        finally
        {
            ArrayPool<long>.Shared.Return(tokens);
        }
    }
}
