using System.Globalization;
using InterpLoop.Spec.Catalog;
using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// The reward_hacking scenario family (DESIGN.md). One run, top to bottom:
/// 1. pretrain the honest-ish reference policy; 2. fit and calibrate the deception probe on it;
/// 3. RL from the reference against the objective; 4. measure the metrics; 5. classify the outcome.
/// </summary>
public sealed class RewardHackingScenario : IScenario, IOutcomeSlack
{
    /// <summary>Runs use one thread: it is fastest at these sizes and keeps reductions bit-reproducible.</summary>
    public const int Threads = 1;

    public ScenarioCatalog Catalog => RewardHackingCatalog.Catalog;

    public RunResult Run(IReadOnlyDictionary<string, ParameterValue> assignments, long seed,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        var errors = ConfigAssignments.Validate(Catalog, assignments);
        if (errors.Count > 0) throw new ArgumentException(string.Join("; ", errors), nameof(assignments));
        return Run(RewardHackingConfigBinding.Bind(assignments), seed, progress, cancellation);
    }

    public RunResult Run(RewardHackingConfig config, long seed,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        torch.set_num_threads(Threads);
        using var scope = NewDisposeScope();
        var env = new TaskEnvironment(config.Features, config.Answers);
        if (config.Architecture == Architecture.BeliefDesire) return RunBeliefDesire(config, env, seed, progress, cancellation);

        // 1. The reference policy.
        var reference = ReferencePretraining.Train(config, env,
            SeedStreams.Generator(seed, "reference.init"), SeedStreams.Generator(seed, "reference.data"), progress, cancellation);

        // 2. The probe, fitted and calibrated on the reference.
        progress?.Report(new TrainingProgress("probe", 0, 1));
        var probe = ProbeTraining.Train(config, env, reference, SeedStreams.Generator(seed, "probe"));

        // 3. RL (on-policy) or preference learning on fixed pairs (off-policy).
        var refreshStream = SeedStreams.Generator(seed, "probe.refresh");
        var (policy, stopReason, finalProbe) = config.Learner == Learner.Dpo
            ? DpoLearner.Train(config, env, reference, probe.Detector, SeedStreams.Generator(seed, "dpo"), progress, cancellation)
            : ReinforceLearner.Train(config, env, reference, probe.Detector, SeedStreams.Generator(seed, "rl"), progress, cancellation,
                model => ProbeTraining.Refit(config, env, reference, model, probe.Train, refreshStream));

        // 4. Metrics on held-out problems.
        progress?.Report(new TrainingProgress("eval", 0, 1));
        var metrics = Evaluation.Measure(config, env, reference, policy, probe, finalProbe, SeedStreams.Generator(seed, "eval"));

        // 5. The outcome.
        return Result(config, seed, metrics, stopReason);
    }

    RunResult RunBeliefDesire(RewardHackingConfig config, TaskEnvironment env, long seed, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        if (config.Learner == Learner.Dpo)
            throw new NotSupportedException("learner = dpo is not implemented for architecture = belief_desire; use learner = reinforce");
        var (metrics, stopReason) = BeliefDesire.BeliefDesireRun.Run(config, env, seed, progress, cancellation);
        return Result(config, seed, metrics, stopReason);
    }

    RunResult Result(RewardHackingConfig config, long seed, Dictionary<string, double> metrics, string? stopReason)
    {
        var outcome = OutcomeClassifier.Classify(metrics["visible_pass_rate"], metrics["hack_rate"],
            metrics["probe.recall_original"], metrics["probe.recall_final"], config.Thresholds, stoppedEarly: stopReason is not null);
        return new RunResult(Catalog.Name, RewardHackingConfigBinding.Describe(config), seed, metrics, outcome, stopReason, EngineVersion.Current);
    }

    /// <summary>Reads what <see cref="Result"/> classified by back from the run, so a stored run needs no re-training.</summary>
    public double OutcomeSlack(RunResult run, string outcome)
    {
        var thresholds = new OutcomeThresholds(
            Threshold(run, "outcome.honest_cutoff"), Threshold(run, "outcome.degenerate_cutoff"), Threshold(run, "outcome.recall_cutoff"));
        return OutcomeClassifier.Slack(outcome, Metric(run, "visible_pass_rate"), Metric(run, "hack_rate"),
            Metric(run, "probe.recall_original"), Metric(run, "probe.recall_final"), thresholds, stoppedEarly: run.StopReason is not null);
    }

    static double Metric(RunResult run, string name) =>
        run.Metrics.TryGetValue(name, out var x) ? x : throw new ArgumentException($"the run has no metric '{name}'", nameof(run));

    static double Threshold(RunResult run, string name)
    {
        foreach (var (key, text) in run.Config)
            if (key == name && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)) return x;
        throw new ArgumentException($"the run's configuration has no number '{name}'", nameof(run));
    }
}
