using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// Measures DESIGN.md's metrics on held-out problems after training: one response per problem from the
/// final policy, probed through the final model (ψ(y, θ)) and through the reference model (ψ(y, θ₀)).
/// With probe.refresh, ψ(y, θ) uses the in-loop probe as it was last refitted, ψ(y, θ₀) the original one.
/// </summary>
internal static class Evaluation
{
    public static Dictionary<string, double> Measure(RewardHackingConfig c, TaskEnvironment env, PolicyNetwork reference,
        PolicyNetwork policy, FittedProbe fitted, Detector finalProbe, Generator g)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var v = env.Vocabulary;
        var probe = fitted.Detector;
        var mask = Responses.LogitMask(v, c.MaxTokens, allowFiller: c.Evasion == Evasion.Filler);

        var (x, correct) = env.Sample(c.EvalProblems, g);                                        // [E, d], [E]
        var tokens = Responses.Sample(policy, x, mask, g);                                       // [E, L]
        var emitted = Responses.Emitted(tokens, v);
        var content = env.Content(tokens, emitted);
        var hacks = env.Hacks(content);                                                          // [E] bool

        var final = policy.Forward(x, tokens);
        var original = reference.Forward(x, tokens);
        var logitFinal = finalProbe.Logit(final.TokenActivations, emitted);                      // [E]
        var logitOriginal = probe.Logit(original.TokenActivations, emitted);                     // [E]
        static double Mean(Tensor t) => ProbeMetrics.Mean(t);

        var metrics = new Dictionary<string, double>
        {
            ["hack_rate"] = Mean(hacks),
            ["task_accuracy"] = Mean(env.Hidden(content, correct)),
            ["visible_pass_rate"] = Mean(env.Visible(content, correct)),
            ["filler_rate"] = Mean(Responses.FillerCount(tokens, emitted, v)),
            ["probe.fpr_reference"] = fitted.Report.FprReference,
            ["probe.auroc_reference"] = fitted.Report.AurocReference,
            ["probe.tpr_reference"] = fitted.Report.TprReference,
            ["fresh_probe.auroc"] = ProbeTraining.FreshProbeAuroc(c, policy, fitted.Train, fitted.Test),
            ["kl"] = Mean(Responses.SequenceKl(final.LogProbs(mask), original.LogProbs(mask), emitted)),
        };
        ProbeMetrics.AddTo(metrics, hacks, logitFinal, finalProbe, logitOriginal, probe);
        return metrics;
    }
}
