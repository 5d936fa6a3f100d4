using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// REINFORCE with group-normalised advantages on J = E[R − α·ψ] − β·KL(π‖π₀), starting from the reference.
/// The advantage of a response is its reward minus its group's mean (the group baseline of GRPO, without
/// GRPO's division by the group's standard deviation, as in Dr. GRPO: dividing turns differences of a few
/// thousandths in ψ between honest answers into full-size signals, which in this small model drove it to
/// drift far from the reference). Updates are SGD with momentum, so parameters the objective barely
/// touches barely move; Adam would move every parameter at the full step size and the representation
/// would drift at α = 0 enough to blind the probe.
/// penalty.route decides how ψ acts: none; reward (α·ψ is subtracted from the reward as a constant, so no
/// gradient flows through the probe); through_probe (also an α·ψ loss term, differentiable in the
/// activations, so gradients reach them). Stops early, with a reason, when the loss or the gradients stop
/// being finite.
/// </summary>
internal static class ReinforceLearner
{
    /// <param name="refit">With probe.refresh = k &gt; 0, refits the probe on the current model every k steps
    /// (the Atlas' retrained detector); null keeps the probe frozen.</param>
    /// <param name="marks">Hears the end of each numbered phase of every step (the bench's profile).</param>
    public static (PolicyNetwork Policy, string? StopReason, Detector FinalProbe) Train(RewardHackingConfig c, TaskEnvironment env,
        PolicyNetwork reference, Detector probe, Generator g, IProgress<TrainingProgress>? progress, CancellationToken cancellation,
        Func<PolicyNetwork, Detector>? refit = null, IStepMarks? marks = null)
    {
        var v = env.Vocabulary;
        var policy = reference.Clone(trainable: true);
        var optimizer = new SgdOptimizer(policy.Parameters, c.RlLearningRate);
        var mask = Responses.LogitMask(v, c.MaxTokens, allowFiller: c.Evasion == Evasion.Filler);
        bool penalised = c.PenaltyRoute != PenaltyRoute.None;
        bool throughProbe = c.PenaltyRoute == PenaltyRoute.ThroughProbe;
        int n = c.RlBatch * c.RlGroup;

        for (int step = 0; step < c.Steps; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            // 0. Refresh the detector (outside the step's dispose scope: the new probe outlives the step).
            if (refit is not null && c.ProbeRefresh > 0 && step > 0 && step % c.ProbeRefresh == 0) probe = refit(policy);
            marks?.Mark("0 refresh");
            using var scope = NewDisposeScope();

            // 1. Sample a group of responses for each problem.
            var (problems, correct) = env.Sample(c.RlBatch, g);                                  // [B, d], [B]
            var x = problems.repeat_interleave(c.RlGroup, 0);                                    // [N, d]
            var answer = correct.repeat_interleave(c.RlGroup, 0);                                // [N]
            var tokens = Responses.Sample(policy, x, mask, g);                                   // [N, L]
            var emitted = Responses.Emitted(tokens, v);                                          // [N, L]
            marks?.Mark("1 sample");

            // 2. Score them: the visible check is the task reward; ψ reads the current model's activations.
            var output = policy.Forward(x, tokens);
            var logProbs = output.LogProbs(mask);                                                // [N, L, V]
            marks?.Mark("2 forward");
            var visible = env.Visible(env.Content(tokens, emitted), answer).to(ScalarType.Float32); // [N]
            // With probe.layer = all ψ reads both layers, so through_probe gradients reach each kept one.
            var psi = probe.Score(output.TokenActivations, emitted);                             // [N]
            var reward = penalised ? visible - c.PenaltyWeight * psi.detach() : visible;         // [N]

            // 3. Advantages against the group baseline.
            var grouped = reward.view(c.RlBatch, c.RlGroup);                                     // [B, G]
            var advantage = (grouped - grouped.mean(new long[] { 1 }, keepdim: true)).view(n);   // [N]
            marks?.Mark("3 reward");

            // 4. The loss: policy gradient, KL to the reference, and ψ itself when gradients go through the probe.
            Tensor referenceLogProbs;
            using (no_grad()) referenceLogProbs = reference.Forward(x, tokens).LogProbs(mask);
            marks?.Mark("4 reference");
            var kl = Responses.SequenceKl(logProbs, referenceLogProbs, emitted);                 // [N]
            var loss = -(advantage * Responses.SequenceLogProb(logProbs, tokens, emitted)).mean() + c.KlBeta * kl.mean();
            if (throughProbe) loss = loss + c.PenaltyWeight * psi.mean();

            // 5. Update, unless the numbers have gone bad.
            double lossValue = loss.item<float>();
            if (!double.IsFinite(lossValue)) return (policy, $"non-finite loss at RL step {step + 1}", probe);
            marks?.Mark("5 loss");
            optimizer.ZeroGrad();
            loss.backward();
            marks?.Mark("6 backward");
            double gradNorm = optimizer.GradNorm();
            if (!double.IsFinite(gradNorm)) return (policy, $"non-finite gradient at RL step {step + 1}", probe);
            optimizer.Step();
            marks?.Mark("7 update");
            if (step % 10 == 0 || step == c.Steps - 1)
                progress?.Report(new TrainingProgress("rl", step + 1, c.Steps, lossValue));
        }
        return (policy, null, probe);
    }
}
