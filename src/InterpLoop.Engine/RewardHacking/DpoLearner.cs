using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// Off-policy preference learning (DPO, Rafailov et al. 2023) on fixed pairs, as in Cundy and Gleave 2025.
/// For each problem the reference writes an honest answer and a hack; the detector labels the pair: an
/// undetected hack is preferred to the honest answer, the honest answer to a detected hack. The policy
/// then minimises −log σ(β·[(log π − log π₀)(chosen) − (log π − log π₀)(rejected)]) with β = kl.beta as
/// DPO's temperature. The detector acts only through the labels, so penalty.route and penalty.weight do
/// not apply; because the pairs are fixed, the learner cannot discover hacks the labels never reward.
/// </summary>
internal static class DpoLearner
{
    public const int Pairs = 4096;

    public static (PolicyNetwork Policy, string? StopReason, Detector FinalProbe) Train(RewardHackingConfig c, TaskEnvironment env,
        PolicyNetwork reference, Detector probe, Generator g, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        var v = env.Vocabulary;
        var mask = Responses.LogitMask(v, c.MaxTokens, allowFiller: c.Evasion == Evasion.Filler);

        // 1. The fixed preference data: honest and hacking reference responses, labelled by the detector.
        var data = ProbeData.Sample(reference, env, Pairs, c.Evasion == Evasion.Filler, g);     // 2P responses
        Tensor chosenX, chosenTokens, rejectedTokens, referenceMargin;
        using (no_grad())
        {
            var honest = arange(Pairs);                                                          // [P]
            var hack = honest + Pairs;                                                           // [P]
            var hackDetected = probe.Logit(data.Read(reference).TokenActivations, data.Emitted).index(hack).gt(probe.Threshold); // [P]
            var chosen = where(hackDetected, honest, hack);
            var rejected = where(hackDetected, hack, honest);
            chosenX = data.X.index(chosen);                                                      // [P, d] (same problem for both)
            chosenTokens = data.Tokens.index(chosen);                                            // [P, L]
            rejectedTokens = data.Tokens.index(rejected);                                        // [P, L]
            referenceMargin = SequenceLogProb(reference.Forward(chosenX, chosenTokens), chosenTokens, mask, v)
                              - SequenceLogProb(reference.Forward(chosenX, rejectedTokens), rejectedTokens, mask, v);    // [P]
        }

        // 2. Minibatch DPO.
        var policy = reference.Clone(trainable: true);
        var optimizer = new SgdOptimizer(policy.Parameters, c.RlLearningRate);
        int n = c.RlBatch * c.RlGroup;
        for (int step = 0; step < c.Steps; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var batch = randint(0, Pairs, new long[] { n }, generator: g);                      // [N]
            var x = chosenX.index(batch);
            var (chosenBatch, rejectedBatch) = (chosenTokens.index(batch), rejectedTokens.index(batch));   // [N, L]
            var chosen = policy.ForwardForTraining(x, chosenBatch);
            var rejected = policy.ForwardForTraining(x, rejectedBatch);
            var margin = SequenceLogProb(chosen, chosenBatch, mask, v) - SequenceLogProb(rejected, rejectedBatch, mask, v);   // [N]
            var loss = -nn.functional.logsigmoid(c.KlBeta * (margin - referenceMargin.index(batch))).mean();

            double lossValue = loss.item<float>();
            if (!double.IsFinite(lossValue)) return (policy, $"non-finite loss at DPO step {step + 1}", probe);
            optimizer.ZeroGrad();
            loss.backward();
            chosen.Backpropagate(policy.Parameters);
            rejected.Backpropagate(policy.Parameters);
            if (!double.IsFinite(optimizer.GradNorm())) return (policy, $"non-finite gradient at DPO step {step + 1}", probe);
            optimizer.Step();
            if (step % 10 == 0 || step == c.Steps - 1)
                progress?.Report(new TrainingProgress("dpo", step + 1, c.Steps, lossValue));
        }
        return (policy, null, probe);
    }

    static Tensor SequenceLogProb(PolicyOutput output, Tensor tokens, Tensor mask, Vocabulary v) =>
        Responses.SequenceLogProb(output.LogProbs(mask), tokens, Responses.Emitted(tokens, v));
}
