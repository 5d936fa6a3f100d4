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
/// being finite. The steps are <see cref="PopulationReinforce"/>'s.
/// </summary>
internal static class ReinforceLearner
{
    /// <param name="refit">With probe.refresh = k &gt; 0, refits the probe on the current model every k steps
    /// (the Atlas' retrained detector); null keeps the probe frozen.</param>
    /// <param name="marks">Hears the end of each numbered phase of every step (the bench's profile).</param>
    public static (PolicyNetwork Policy, string? StopReason, Detector FinalProbe) Train(RewardHackingConfig c, TaskEnvironment env,
        PolicyNetwork reference, Detector probe, Generator g, IProgress<TrainingProgress>? progress, CancellationToken cancellation,
        Func<PolicyNetwork, Detector>? refit = null, IStepMarks? marks = null) =>
        // A population of one, so a run alone and a member of a batched population are one program by construction.
        PopulationReinforce.Train(new[] { new PopulationReinforce.Member(c, reference, probe, g, refit) },
            env, progress, cancellation, marks)[0];
}
