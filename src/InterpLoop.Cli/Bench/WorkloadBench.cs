using System.Diagnostics;
using InterpLoop.Engine;
using InterpLoop.Engine.RewardHacking;
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

    static IReadOnlyDictionary<string, double> Sum(PhaseTimer timer) =>
        timer.Phases.GroupBy(p => p.Phase).ToDictionary(g => g.Key, g => g.Sum(p => p.Duration.TotalSeconds));

    sealed class Both(IProgress<TrainingProgress> a, IProgress<TrainingProgress>? b) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) { a.Report(value); b?.Report(value); }
    }
}
