using System.Diagnostics;
using InterpLoop.Engine;
using InterpLoop.Engine.RewardHacking;
using InterpLoop.Hunt.Workers;
using InterpLoop.Spec.Catalog;
using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Cli.Bench;

/// <summary>
/// The workload of issue 6, measured: the default reward_hacking run alone, and a population of configurations
/// that differ in α, β and the seed trained as one batched program, each from a cold scenario (no prelude cached),
/// with the analytic FLOP count of what each executes and this machine's GEMM peak to put the rate against.
/// </summary>
internal static class WorkloadBench
{
    /// <summary>One timed measurement: wall time, runs made, the matrix-product FLOPs executed, and time per phase (summed over repeats).</summary>
    public sealed record Timing(int Runs, double Seconds, double Flops, IReadOnlyDictionary<string, double> PhaseSeconds, IReadOnlyList<string> Outcomes)
    {
        public double RunsPerMinute => Runs / Seconds * 60;
        public double GflopsPerSecond => Flops / Seconds / 1e9;
    }

    /// <summary>GFLOP/s of a float32 1024³ matrix product on <paramref name="threads"/> threads, the best of repeated products over about two seconds.</summary>
    public static double GemmPeak(int threads, int size = 1024)
    {
        int before = torch.get_num_threads();
        torch.set_num_threads(threads);
        try
        {
            using var scope = NewDisposeScope();
            var g = new Generator(1);
            var a = randn(size, size, generator: g);
            var b = randn(size, size, generator: g);
            a.matmul(b).Dispose();
            double best = 0;
            var total = Stopwatch.StartNew();
            while (total.Elapsed.TotalSeconds < 2)
            {
                var one = Stopwatch.StartNew();
                a.matmul(b).Dispose();
                best = Math.Max(best, 2.0 * size * size * size / one.Elapsed.TotalSeconds / 1e9);
            }
            return best;
        }
        finally { torch.set_num_threads(before); }
    }

    /// <summary>The population the bench trains: α and β over a small grid, <paramref name="seeds"/> seeds, <paramref name="size"/> members.</summary>
    public static IReadOnlyList<(RewardHackingConfig Config, long Seed)> Population(int size, int seeds)
    {
        double[] alphas = { 0.3, 1, 3, 10 };
        double[] betas = { 1e-4, 1e-2, 1e-1, 1 };
        return Enumerable.Range(0, size).Select(i =>
        {
            int cell = i / seeds;
            return (new RewardHackingConfig { PenaltyWeight = alphas[cell % alphas.Length], KlBeta = betas[cell / alphas.Length % betas.Length] }, (long)(i % seeds));
        }).ToList();
    }

    /// <summary>The matrix-product FLOPs the runs execute: one prelude per distinct (prelude key), RL and evaluation per run.</summary>
    public static double ExecutedFlops(IReadOnlyList<(RewardHackingConfig Config, long Seed)> runs)
    {
        double flops = 0;
        var preludes = new HashSet<PreludeKey>();
        foreach (var (config, seed) in runs)
        {
            var w = WorkloadFlops.Of(config);
            if (preludes.Add(PreludeKey.Of(config, seed))) flops += w.Pretrain + w.Probe;
            flops += w.Rl + w.Eval;
        }
        return flops;
    }

    /// <summary>The default run on seed 0, from a cold scenario.</summary>
    public static Timing Solo(IProgress<TrainingProgress>? progress = null)
    {
        var runs = new[] { (new RewardHackingConfig(), 0L) };
        var timer = new PhaseTimer();
        var clock = Stopwatch.StartNew();
        var result = new RewardHackingScenario(new MemoryPreludeCache(0)).Run(runs[0].Item1, runs[0].Item2, null, new Both(timer, progress), default);
        clock.Stop();
        timer.Stop();
        return new Timing(1, clock.Elapsed.TotalSeconds, ExecutedFlops(runs), Sum(timer), new[] { result.Outcome });
    }

    /// <summary>The population trained as one batched program, from a cold scenario.</summary>
    public static Timing Batched(IReadOnlyList<(RewardHackingConfig Config, long Seed)> runs, IProgress<TrainingProgress>? progress = null)
    {
        var timer = new PhaseTimer();
        var clock = Stopwatch.StartNew();
        var results = new RewardHackingScenario().RunPopulation(runs, store: null, new Both(timer, progress));
        clock.Stop();
        timer.Stop();
        return new Timing(runs.Count, clock.Elapsed.TotalSeconds, ExecutedFlops(runs), Sum(timer), results.Select(r => r.Outcome).ToList());
    }

    /// <summary>
    /// The population split over <paramref name="jobs"/> worker processes (<see cref="ParallelRunBatches"/>, as `atlas
    /// --jobs` runs it), each training its share as batched populations on one core, from a cold temporary store. Process
    /// start-up and the merge are in the wall time; the phases happen in the workers and are not split out.
    /// </summary>
    public static Timing InWorkers(IReadOnlyList<(RewardHackingConfig Config, long Seed)> runs, int jobs, Action<int>? finished = null)
    {
        var requests = runs.Select(r => new RunRequest(Assignments(r.Config), r.Seed)).ToList();
        var scenario = new RewardHackingScenario();
        var clock = Stopwatch.StartNew();
        IReadOnlyList<RunResult> results;
        using (var batches = new ParallelRunBatches(scenario, null, new WorkerOptions { Jobs = jobs, Worker = SelfProcess.Command() }, default, finished))
            results = batches.Run(requests);
        clock.Stop();
        // Each worker computes the preludes of its own share.
        double flops = ParallelRunBatches.Shares(requests, jobs).Sum(share => ExecutedFlops(share.Select(i => runs[i]).ToList()));
        return new Timing(runs.Count, clock.Elapsed.TotalSeconds, flops, new Dictionary<string, double>(), results.Select(r => r.Outcome).ToList());
    }

    /// <summary>One RL step of the default configuration, phase by phase: alone (<paramref name="members"/> 1) or as a population of that many, per member.</summary>
    public sealed record RlProfile(int Members, int Steps, IReadOnlyDictionary<string, double> MillisecondsPerStep, double AllocatedBytesPerStep, IReadOnlyList<int> Collections)
    {
        public double TotalMilliseconds => MillisecondsPerStep.Values.Sum();
    }

    /// <summary>Times <paramref name="steps"/> RL steps (<see cref="RlStepWorkload"/>) after <paramref name="warmup"/> untimed ones, phase by phase.</summary>
    public static RlProfile ProfileRl(int members, int steps = 40, int warmup = 5)
    {
        var profile = new StepProfile(warmup);
        RlStepWorkload.Train(members, steps + warmup, profile);
        return new RlProfile(members, profile.Steps, profile.MillisecondsPerStep(members), profile.AllocatedBytesPerStep / members, profile.Collections);
    }

    /// <summary>What single ops of an RL step cost here, in microseconds: the per-op overhead (an add of 8 floats) and the step's typical shapes.</summary>
    public static IReadOnlyDictionary<string, double> OpCosts()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(1);
        var tiny = randn(8, generator: g);
        var activations = randn(1792, 64, generator: g);   // one member's teacher-forced activations: 256 responses × 7 positions
        var inputs = randn(1792, 27, generator: g);
        var square = randn(64, 64, generator: g);
        var embedding = randn(27, 64, generator: g);
        var readout = randn(64, 11, generator: g);
        var probabilities = randn(256, 11, generator: g).softmax(-1);
        var logits = randn(256, 11, generator: g);
        var ops = new (string Name, Func<Tensor> Op)[]
        {
            ("add [8] (per-op overhead)", () => tiny + tiny),
            ("add [1792, 64]", () => activations + activations),
            ("tanh [1792, 64]", () => activations.tanh()),
            ("matmul [1792, 64] x [64, 64]", () => activations.matmul(square)),
            ("matmul [1792, 27] x [27, 64]", () => inputs.matmul(embedding)),
            ("matmul [1792, 64] x [64, 11]", () => activations.matmul(readout)),
            ("matmul [64, 1792] x [1792, 64] (a weight gradient)", () => activations.t().matmul(activations)),
            ("softmax [256, 11]", () => logits.softmax(-1)),
            ("multinomial [256, 11]", () => probabilities.multinomial(1, generator: g)),
        };
        return ops.ToDictionary(o => o.Name, o => Microseconds(o.Op));
    }

    /// <summary>The median over 15 rounds of the mean time of one op in a round of about 20 ms.</summary>
    static double Microseconds(Func<Tensor> op)
    {
        op().Dispose();
        var one = Stopwatch.StartNew();
        op().Dispose();
        int reps = Math.Max(1, (int)(0.02 / Math.Max(one.Elapsed.TotalSeconds, 1e-7)));
        var rounds = new double[15];
        for (int r = 0; r < rounds.Length; r++)
        {
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < reps; i++) op().Dispose();
            rounds[r] = clock.Elapsed.TotalSeconds * 1e6 / reps;
        }
        Array.Sort(rounds);
        return rounds[rounds.Length / 2];
    }

    /// <summary>The catalog assignments of a bench member (it varies α and β only); checked to bind back to the same configuration.</summary>
    static IReadOnlyDictionary<string, ParameterValue> Assignments(RewardHackingConfig config)
    {
        var assignments = new Dictionary<string, ParameterValue>
        {
            ["penalty.weight"] = ParameterValue.Of(config.PenaltyWeight),
            ["kl.beta"] = ParameterValue.Of(config.KlBeta),
        };
        if (RewardHackingConfigBinding.Bind(assignments) != config)
            throw new InvalidOperationException("a bench member varies more than penalty.weight and kl.beta; WorkloadBench.Assignments must name it");
        return assignments;
    }

    static IReadOnlyDictionary<string, double> Sum(PhaseTimer timer) =>
        timer.Phases.GroupBy(p => p.Phase).ToDictionary(g => g.Key, g => g.Sum(p => p.Duration.TotalSeconds));

    sealed class Both(IProgress<TrainingProgress> a, IProgress<TrainingProgress>? b) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) { a.Report(value); b?.Report(value); }
    }
}
