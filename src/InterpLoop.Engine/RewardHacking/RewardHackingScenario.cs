using System.Globalization;
using InterpLoop.Spec.Catalog;
using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// The reward_hacking scenario family (DESIGN.md). One run, top to bottom:
/// 1. pretrain the honest-ish reference policy; 2. fit and calibrate the deception probe on it;
/// 3. RL from the reference against the objective; 4. measure the metrics; 5. classify the outcome.
/// Phases 1 and 2 (the <see cref="Prelude"/>) read only the knobs of its <see cref="PreludeKey"/>, so a
/// monolithic run takes them from the scenario's <see cref="IPreludeCache"/>: runs that differ only in α, β,
/// the penalty route, the learner, the RL steps and the like share one reference and one probe. The metrics
/// are bit-identical to computing them afresh.
/// </summary>
public sealed class RewardHackingScenario : IScenario, IOutcomeSlack
{
    /// <summary>Runs use one thread: it is fastest at these sizes and keeps reductions bit-reproducible.</summary>
    public const int Threads = 1;

    readonly IPreludeCache preludes;

    /// <summary>A scenario with its own in-memory prelude cache of <see cref="MemoryPreludeCache.DefaultCapacity"/> entries.</summary>
    public RewardHackingScenario() : this(new MemoryPreludeCache()) { }

    /// <summary>A scenario that keeps its preludes in <paramref name="preludes"/> (a <see cref="MemoryPreludeCache"/> of capacity 0 keeps none).</summary>
    public RewardHackingScenario(IPreludeCache preludes) => this.preludes = preludes;

    public ScenarioCatalog Catalog => RewardHackingCatalog.Catalog;

    public RunResult Run(IReadOnlyDictionary<string, ParameterValue> assignments, long seed,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default) =>
        RunReusing(assignments, seed, null, progress, cancellation);

    public RunResult RunReusing(IReadOnlyDictionary<string, ParameterValue> assignments, long seed, IPreludeStore? store,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        return Run(Bind(assignments), seed, store, progress, cancellation);
    }

    public RunResult Run(RewardHackingConfig config, long seed,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default) =>
        Run(config, seed, null, progress, cancellation);

    /// <param name="store">Where preludes this scenario's cache does not hold are looked for, and new ones saved; null for none.</param>
    public RunResult Run(RewardHackingConfig config, long seed, IPreludeStore? store,
        IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        torch.set_num_threads(Threads);
        using var scope = NewDisposeScope();
        var env = new TaskEnvironment(config.Features, config.Answers);
        if (config.Architecture == Architecture.BeliefDesire) return RunBeliefDesire(config, env, seed, progress, cancellation);

        // 1–2. The reference policy, and the probe fitted and calibrated on it (Prelude.Compute), unless a run
        // with the same prelude key already made them. The lease keeps them alive until the run ends.
        using var lease = preludes.Acquire(PreludeKey.Of(config, seed), () => Prelude.Compute(config, env, seed, progress, cancellation), store);
        var reference = lease.Prelude.Reference;
        var probe = lease.Prelude.Probe;

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

    /// <summary>
    /// The most members one batched program trains: a larger batch is split, since the program's activations grow with
    /// its members. A population of 32 ran 30.0–30.1 s against 33.7–34.4 s in chunks of 8 (README, Speed), with the same
    /// bits; it was 8 while collections during training could crash a worker (tests/README.md).
    /// </summary>
    public const int MaxPopulation = 32;

    /// <inheritdoc />
    public IReadOnlyList<RunResult> RunBatch(IReadOnlyList<RunRequest> runs, IPreludeStore? store,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default, Action<int, RunResult>? finished = null)
    {
        var configs = runs.Select(r => (Bind(r.Assignments), r.Seed)).ToList();
        return RunPopulation(configs, store, progress, cancellation, finished);
    }

    /// <summary>The config of valid assignments; invalid ones are the caller's bug (the CLI and the hunt check them first).</summary>
    RewardHackingConfig Bind(IReadOnlyDictionary<string, ParameterValue> assignments)
    {
        var errors = ConfigAssignments.Validate(Catalog, assignments);
        if (errors.Count > 0) throw new ArgumentException(string.Join("; ", errors), nameof(assignments));
        return RewardHackingConfigBinding.Bind(assignments);
    }

    /// <summary>
    /// Runs every (configuration, seed), training those that can share one batched program (monolithic REINFORCE
    /// runs of one <see cref="PopulationReinforce.ShapeKey"/>) together, at most <see cref="MaxPopulation"/> at a time;
    /// the rest run alone. Results are in the order given, and each one's metrics are its solo run's (see
    /// PopulationEquivalenceProperties for the tolerance).
    /// </summary>
    public IReadOnlyList<RunResult> RunPopulation(IReadOnlyList<(RewardHackingConfig Config, long Seed)> runs, IPreludeStore? store,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default, Action<int, RunResult>? finished = null)
    {
        torch.set_num_threads(Threads);
        var results = new RunResult[runs.Count];
        var batched = Enumerable.Range(0, runs.Count)
            .Where(i => runs[i].Config is { Architecture: Architecture.Monolithic, Learner: Learner.Reinforce })
            .GroupBy(i => PopulationReinforce.ShapeKey(runs[i].Config))
            .SelectMany(g => g.Chunk(MaxPopulation))
            .ToList();
        foreach (var chunk in batched)
        {
            if (chunk.Length == 1) continue;
            TrainPopulation(chunk.Select(i => runs[i]).ToList(), store, progress, cancellation, (k, result) =>
            {
                results[chunk[k]] = result;
                finished?.Invoke(chunk[k], result);
            });
        }
        for (int i = 0; i < runs.Count; i++)
        {
            if (results[i] is not null) continue;
            results[i] = Run(runs[i].Config, runs[i].Seed, store, progress, cancellation);
            finished?.Invoke(i, results[i]);
        }
        return results;
    }

    void TrainPopulation(IReadOnlyList<(RewardHackingConfig Config, long Seed)> runs, IPreludeStore? store,
        IProgress<TrainingProgress>? progress, CancellationToken cancellation, Action<int, RunResult> finished)
    {
        using var scope = NewDisposeScope();
        var c0 = runs[0].Config;
        var env = new TaskEnvironment(c0.Features, c0.Answers);
        var leases = new List<PreludeLease>();
        try
        {
            // 1–2. Each member's prelude, shared with every member (and earlier run) of the same key.
            foreach (var (config, seed) in runs)
                leases.Add(preludes.Acquire(PreludeKey.Of(config, seed), () => Prelude.Compute(config, env, seed, progress, cancellation), store));

            // 3. RL, one program for the population; each member draws from its own streams.
            var members = runs.Select((r, k) =>
            {
                var prelude = leases[k].Prelude;
                var refresh = SeedStreams.Generator(r.Seed, "probe.refresh");
                return new PopulationReinforce.Member(r.Config, prelude.Reference, prelude.Probe.Detector, SeedStreams.Generator(r.Seed, "rl"),
                    model => ProbeTraining.Refit(r.Config, env, prelude.Reference, model, prelude.Probe.Train, refresh));
            }).ToList();
            var trained = PopulationReinforce.Train(members, env, progress, cancellation);

            // 4–5. Metrics and outcome, member by member, each handed on as soon as it is measured.
            for (int k = 0; k < runs.Count; k++)
            {
                progress?.Report(new TrainingProgress("eval", k, runs.Count));
                var (config, seed) = runs[k];
                var prelude = leases[k].Prelude;
                var (policy, stopReason, finalProbe) = trained[k];
                var metrics = Evaluation.Measure(config, env, prelude.Reference, policy, prelude.Probe, finalProbe, SeedStreams.Generator(seed, "eval"));
                finished(k, Result(config, seed, metrics, stopReason));
            }
        }
        finally
        {
            foreach (var lease in leases) lease.Dispose();
        }
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
