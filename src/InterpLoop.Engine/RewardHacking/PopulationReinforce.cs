using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// <see cref="ReinforceLearner"/>'s training, for a population: members that share their shapes, RL batch, group,
/// steps and evasion train as one program (<see cref="PolicyPopulation"/>, <see cref="Rollout"/>), one step of it one
/// step of every member; a solo run is a population of one. What
/// may differ per member is what the solo learner reads as a number or a choice: α, β, the learning rate, the
/// penalty route, the probe (its reference, detector and refresh) and the seed (its own generator draws its
/// problems and samples in the order its solo run draws them). Member p's loss is its solo loss, and the losses
/// are summed before one backward pass, so its gradients are its own. A member whose loss or gradients stop being
/// finite stops, with the solo run's reason, and is left as it was while the others go on.
/// </summary>
internal static class PopulationReinforce
{
    /// <summary>One member: its configuration, reference, in-loop detector, RL generator and probe refit.</summary>
    public sealed record Member(RewardHackingConfig Config, PolicyNetwork Reference, Detector Probe, Generator G, Func<PolicyNetwork, Detector>? Refit);

    /// <summary>The knobs that fix the program's shapes and its step count; members must agree on all of them.</summary>
    public static object ShapeKey(RewardHackingConfig c) => (c.Features, c.Answers, c.Hidden, c.MaxTokens, c.RlBatch, c.RlGroup, c.Steps, c.Evasion);

    /// <param name="marks">Hears the end of each numbered phase of every step, as <see cref="ReinforceLearner"/>'s (the bench's profile).</param>
    public static IReadOnlyList<(PolicyNetwork Policy, string? StopReason, Detector FinalProbe)> Train(IReadOnlyList<Member> members, TaskEnvironment env,
        IProgress<TrainingProgress>? progress, CancellationToken cancellation, IStepMarks? marks = null)
    {
        var c0 = members[0].Config;
        if (members.Any(m => !ShapeKey(m.Config).Equals(ShapeKey(c0)) || m.Config.Learner != Learner.Reinforce || m.Config.Architecture != Architecture.Monolithic))
            throw new ArgumentException("a population's members must be monolithic REINFORCE runs of one shape (PopulationReinforce.ShapeKey)", nameof(members));
        int P = members.Count, B = c0.RlBatch, G = c0.RlGroup, n = B * G;
        var v = env.Vocabulary;
        var reference = PolicyPopulation.Stack(members.Select(m => m.Reference).ToList(), trainable: false);
        var policy = PolicyPopulation.Stack(members.Select(m => m.Reference).ToList(), trainable: true);
        var optimizer = new PopulationSgd(policy.Parameters, members.Select(m => m.Config.RlLearningRate).ToArray());
        var mask = Responses.LogitMask(v, c0.MaxTokens, allowFiller: c0.Evasion == Evasion.Filler);
        var probes = members.Select(m => m.Probe).ToArray();
        var stopped = new string?[P];
        var generators = members.Select(m => m.G).ToArray();
        var scratch = new RolloutScratch();
        var knobs = Knobs.Of(members);

        for (int step = 0; step < c0.Steps; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            if (stopped.All(r => r is not null)) break;
            // 0. Refresh detectors (outside the step's dispose scope: a new probe outlives the step).
            for (int p = 0; p < P; p++)
            {
                var m = members[p];
                if (stopped[p] is null && m.Refit is not null && m.Config.ProbeRefresh > 0 && step > 0 && step % m.Config.ProbeRefresh == 0)
                    probes[p] = m.Refit(policy.Member(p));
            }
            marks?.Mark("0 refresh");
            using var scope = NewDisposeScope();

            // 1. Each member samples its problems from its own stream, then every member's responses in one program,
            //    its activations kept: the pass that draws the tokens is the one that scores them.
            var problems = new Tensor[P];
            var correct = new Tensor[P];
            for (int p = 0; p < P; p++) (problems[p], correct[p]) = env.Sample(B, generators[p]);      // [B, d], [B]
            var answer = stack(correct, 0).repeat_interleave(G, 1);                                 // [P, N]
            var rollout = Rollout.Sample(policy, stack(problems, 0), G, mask, generators, scratch);
            var tokens = rollout.Tokens;                                                            // [P, N, L]
            var flatTokens = tokens.flatten(0, 1);                                                  // [P·N, L]
            var emitted = Responses.Emitted(flatTokens, v).view(P, n, -1);                          // [P, N, L]
            marks?.Mark("1 sample");

            // 2. Score them; ψ reads each member's activations through its own detector.
            var logProbs = rollout.LogProbs();                                                      // [P, M, V]
            marks?.Mark("2 forward");
            var visible = env.Visible(env.Content(flatTokens, emitted.flatten(0, 1)), answer.flatten(0, 1))
                .to(ScalarType.Float32).view(P, n);                                                 // [P, N]
            // With probe.layer = all ψ reads both layers, so through_probe gradients reach each kept one. Without a
            // through_probe member ψ is a constant, and recording its graph would send the backward pass through it.
            Tensor psi;
            using (knobs.AnyThroughProbe ? null : no_grad()) psi = PopulationPsi.Score(probes, rollout, emitted);   // [P, N]
            var reward = where(knobs.RewardRoute.unsqueeze(1), visible - knobs.Alpha.unsqueeze(1) * psi.detach(), visible);   // [P, N]: R − α·ψ, ψ a constant

            // 3. Advantages against each group's baseline.
            var grouped = reward.view(P, B, G);                                                     // [P, B, G]
            var advantage = (grouped - grouped.mean(new long[] { 2 }, keepdim: true)).view(P, n);   // [P, N]
            marks?.Mark("3 reward");

            // 4. Each member's loss: policy gradient, KL to the reference, and ψ itself when gradients go through
            //    the probe; summed for one backward pass. Every op is row-wise in the members, and both terms read the
            //    one log-probability tensor, so autograd sums its gradients in the same order whatever the population.
            var referenceLogProbs = rollout.ReferenceLogProbs(reference);                           // [P, M, V]
            marks?.Mark("4 reference");
            var kl = rollout.SequenceKl(logProbs, referenceLogProbs, emitted);                      // [P, N]
            var loss = -(advantage * rollout.SequenceLogProb(logProbs, emitted)).mean(new long[] { 1 })
                       + knobs.Beta * kl.mean(new long[] { 1 });                                    // [P]
            if (knobs.AnyThroughProbe) loss = where(knobs.ThroughProbe, loss + knobs.Alpha * psi.mean(new long[] { 1 }), loss);   // [P]
            var lossValues = loss.detach().data<float>().Select(f => (double)f).ToArray();          // [P]
            marks?.Mark("5 loss");

            // 5. Update every member whose numbers are still good.
            var active = new bool[P];
            for (int p = 0; p < P; p++)
            {
                if (stopped[p] is not null) continue;
                if (!double.IsFinite(lossValues[p])) stopped[p] = $"non-finite loss at RL step {step + 1}";
                else active[p] = true;
            }
            optimizer.ZeroGrad();
            if (!active.Contains(true)) continue;
            where(tensor(active), loss, zeros_like(loss)).sum().backward();                                    // a stopped member's loss takes no gradient
            rollout.Backpropagate(policy.Parameters);                                               // autograd stops at the rows; the networks' backward is PolicyPass's
            marks?.Mark("6 backward");
            var gradNorms = optimizer.GradNorms();
            for (int p = 0; p < P; p++)
                if (active[p] && !double.IsFinite(gradNorms[p])) { stopped[p] = $"non-finite gradient at RL step {step + 1}"; active[p] = false; }
            optimizer.Step(active);
            marks?.Mark("7 update");
            if (step % 10 == 0 || step == c0.Steps - 1)
                progress?.Report(new TrainingProgress("rl", step + 1, c0.Steps, lossValues.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average()));
        }
        return Enumerable.Range(0, P).Select(p => (policy.Member(p), stopped[p], probes[p])).ToList();
    }

    /// <summary>The members' numbers and choices, [P] each (α, β as float, the routes as masks), for the row-wise ops of a step.</summary>
    sealed record Knobs(Tensor Alpha, Tensor Beta, Tensor RewardRoute, Tensor ThroughProbe)
    {
        public bool AnyThroughProbe { get; } = ThroughProbe.any().item<bool>();

        public static Knobs Of(IReadOnlyList<Member> members) => new(
            tensor(members.Select(m => (float)m.Config.PenaltyWeight).ToArray()),
            tensor(members.Select(m => (float)m.Config.KlBeta).ToArray()),
            tensor(members.Select(m => m.Config.PenaltyRoute != PenaltyRoute.None).ToArray()),
            tensor(members.Select(m => m.Config.PenaltyRoute == PenaltyRoute.ThroughProbe).ToArray()));
    }
}
