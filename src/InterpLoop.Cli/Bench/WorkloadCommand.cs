using System.Globalization;
using System.Text.Json.Nodes;
using InterpLoop.Engine;
using InterpLoop.Engine.RewardHacking;

namespace InterpLoop.Cli.Bench;

/// <summary>`interploop bench`: <see cref="WorkloadBench"/>'s figures, measured in one invocation, as text or JSON.</summary>
internal static class WorkloadCommand
{
    public static int Execute(int populationSize, int seeds, int jobs, bool json, bool comparePytorch, int pytorchRuns, int pytorchThreads)
    {
        if (jobs < 1) return Usage($"--jobs {jobs}: give at least 1 worker process");
        if (populationSize < 2) return Usage($"--population {populationSize}: a population needs at least 2 members");
        if (seeds < 1 || seeds > populationSize) return Usage($"--seeds {seeds}: give 1 .. {populationSize}");
        if (pytorchRuns < 1) return Usage($"--pytorch-runs {pytorchRuns}: give at least 1");
        if (pytorchThreads < 1) return Usage($"--pytorch-threads {pytorchThreads}: give at least 1");
        static string F(double x, string format = "F1") => x.ToString(format, CultureInfo.InvariantCulture);
        void Say(string line) { if (!json) Console.WriteLine(line); else Console.Error.WriteLine(line); }

        var flops = WorkloadFlops.Of(new RewardHackingConfig());
        Say($"workload: the default reward_hacking run, {F(flops.Total / 1e9)} GFLOP of matrix products (pretrain {F(flops.Pretrain / 1e9)}, probe {F(flops.Probe / 1e9)}, rl {F(flops.Rl / 1e9)}, eval {F(flops.Eval / 1e9)}); " +
            $"its RL computed at every row, as the PyTorch reference does, would be {F(flops.RlEveryRow / 1e9)} GFLOP");
        int cores = Environment.ProcessorCount;
        double peak1 = WorkloadBench.GemmPeak(1), peakAll = WorkloadBench.GemmPeak(cores);
        Say($"GEMM peak (1024³ float32 in TorchSharp): {F(peak1)} GFLOP/s on 1 thread, {F(peakAll)} on {cores}; runs use {RewardHackingScenario.Threads} thread");

        var solo = Timed("solo: the default run", WorkloadBench.Solo);
        Say($"solo: {F(solo.Seconds, "F2")} s, {F(solo.RunsPerMinute)} runs/min, {F(solo.GflopsPerSecond)} GFLOP/s ({F(100 * solo.GflopsPerSecond / peak1)} % of the 1-thread peak); {Phases(solo)}");

        var members = WorkloadBench.Population(populationSize, seeds);
        var population = Timed($"population of {populationSize}", progress => WorkloadBench.Batched(members, progress));
        Say($"population of {populationSize} ({seeds} seeds, α × β varied): {F(population.Seconds, "F2")} s, {F(population.RunsPerMinute)} runs/min, " +
            $"{F(population.GflopsPerSecond)} GFLOP/s ({F(100 * population.GflopsPerSecond / peak1)} % of the 1-thread peak); {Phases(population)}; " +
            $"{F(population.RunsPerMinute / solo.RunsPerMinute, "F2")}× the solo runs/min");

        WorkloadBench.Timing? workers = null;
        double peakWorkers = jobs == 1 ? peak1 : jobs == cores ? peakAll : WorkloadBench.GemmPeak(jobs);
        if (jobs > 1)
        {
            int done = 0;
            var gate = new object();
            try
            {
                workers = Timed($"population of {populationSize} in {jobs} worker processes",
                    progress => WorkloadBench.InWorkers(members, jobs, count => { lock (gate) progress.Report(new TrainingProgress("runs", done += count, populationSize)); }),
                    every: 1);
            }
            catch (InterpLoop.Hunt.Workers.WorkerException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return CommandLine.Failure;
            }
            // The same runs, so the same outcomes; anything else would be a bug worth stopping the bench for.
            if (!workers.Outcomes.SequenceEqual(population.Outcomes))
            {
                Console.Error.WriteLine("error: the worker processes' outcomes differ from the in-process population's: " +
                    $"[{string.Join(", ", workers.Outcomes)}] against [{string.Join(", ", population.Outcomes)}]");
                return CommandLine.Failure;
            }
            Say($"population of {populationSize} in {jobs} worker processes (1 core each; the same outcomes): {F(workers.Seconds, "F2")} s, {F(workers.RunsPerMinute)} runs/min, " +
                $"{F(workers.GflopsPerSecond)} GFLOP/s ({F(100 * workers.GflopsPerSecond / peakWorkers)} % of the {jobs}-thread peak, {F(100 * workers.GflopsPerSecond / (jobs * peak1))} % of {jobs}× the 1-thread peak); " +
                $"{F(workers.RunsPerMinute / population.RunsPerMinute, "F2")}× the in-process population's runs/min");
        }

        // Where an RL step's time goes, alone and in a population of MaxPopulation, and what single ops cost here.
        var profiles = new[] { 1, RewardHackingScenario.MaxPopulation }.Select(m => WorkloadBench.ProfileRl(m)).ToList();
        foreach (var p in profiles)
            Say($"RL step profile, {(p.Members == 1 ? "alone" : $"population of {p.Members}, per member")} ({p.Steps} steps timed): {F(p.TotalMilliseconds, "F2")} ms = " +
                string.Join(", ", p.MillisecondsPerStep.Select(kv => $"{kv.Key} {F(kv.Value, "F2")}")) +
                $"; managed allocation {F(p.AllocatedBytesPerStep / 1024)} KB a step, GC collections (gen 0/1/2) {string.Join("/", p.Collections)}");
        var opCosts = WorkloadBench.OpCosts();
        Say("op costs (µs, median): " + string.Join(", ", opCosts.Select(kv => $"{kv.Key} {F(kv.Value)}")));

        var report = new JsonObject
        {
            ["engine_version"] = EngineVersion.Current,
            ["cores"] = cores,
            ["threads_per_run"] = RewardHackingScenario.Threads,
            ["workload_gflop"] = new JsonObject { ["pretrain"] = flops.Pretrain / 1e9, ["probe"] = flops.Probe / 1e9, ["rl"] = flops.Rl / 1e9, ["eval"] = flops.Eval / 1e9, ["total"] = flops.Total / 1e9, ["rl_every_row"] = flops.RlEveryRow / 1e9 },
            ["gemm_peak_gflops"] = new JsonObject { ["threads_1"] = peak1, [$"threads_{cores}"] = peakAll },
            ["jobs"] = jobs,
            ["solo"] = Json(solo),
            ["population"] = Json(population),
            ["population_seeds"] = seeds,
        };
        report["rl_step_profile"] = new JsonArray(profiles.Select(p => (JsonNode?)new JsonObject
        {
            ["members"] = p.Members,
            ["steps_timed"] = p.Steps,
            ["ms_per_step_per_member"] = new JsonObject(p.MillisecondsPerStep.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
            ["total_ms"] = p.TotalMilliseconds,
            ["allocated_bytes_per_step_per_member"] = p.AllocatedBytesPerStep,
            ["gc_collections"] = new JsonArray(p.Collections.Select(c => (JsonNode?)c).ToArray()),
        }).ToArray());
        report["op_cost_us"] = new JsonObject(opCosts.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        if (workers is not null)
        {
            report["population_in_workers"] = Json(workers);
            if (jobs != cores) report["gemm_peak_gflops"]!.AsObject()[$"threads_{jobs}"] = peakWorkers;
        }

        if (comparePytorch)
        {
            var reference = PytorchReference.Run(pytorchRuns, pytorchThreads);
            if (reference.Report is not { } pytorch) { Console.Error.WriteLine($"error: the PyTorch reference did not run: {reference.Error}"); return CommandLine.Failure; }
            double meanRun = pytorch.Runs.Average(r => r.TotalSeconds);
            double soloRatio = meanRun / solo.Seconds;
            double populationRatio = meanRun * populationSize / population.Seconds;
            Say($"PyTorch {pytorch.TorchVersion} eager ({pytorch.Threads} thread(s), {pytorchRuns} runs, seeds 0..{pytorchRuns - 1}): {F(meanRun, "F2")} s a run on average, {F(60 / meanRun)} runs/min; " +
                string.Join(", ", new[] { "pretrain", "probe", "rl", "eval" }.Select(p => $"{p} {F(pytorch.MedianPhaseSeconds(p), "F2")} s")));
            Say($"solo vs PyTorch: {F(soloRatio, "F2")}× (above 1: InterpLoop's run is faster)");
            Say($"population of {populationSize} vs {populationSize} sequential PyTorch runs: {F(populationRatio, "F2")}× the runs/min");
            double? workersRatio = workers is null ? null : meanRun * populationSize / workers.Seconds;
            if (workersRatio is { } w) Say($"population of {populationSize} in {jobs} worker processes vs {populationSize} sequential PyTorch runs: {F(w, "F2")}× the runs/min");
            report["pytorch"] = new JsonObject
            {
                ["torch_version"] = pytorch.TorchVersion,
                ["threads"] = pytorch.Threads,
                ["runs"] = pytorchRuns,
                ["mean_seconds"] = meanRun,
                ["run_seconds"] = new JsonArray(pytorch.Runs.Select(r => (JsonNode?)r.TotalSeconds).ToArray()),
                ["outcomes"] = new JsonArray(pytorch.Runs.Select(r => (JsonNode?)r.Outcome).ToArray()),
                ["solo_speedup"] = soloRatio,
                ["population_speedup"] = populationRatio,
            };
            if (workersRatio is { } wr) report["pytorch"]!.AsObject()["population_in_workers_speedup"] = wr;
        }
        if (json) Console.WriteLine(report.ToJsonString());
        return CommandLine.Success;
    }

    /// <summary>A measurement with its training progress on stderr (a plain line per 50 steps off a terminal), since the population takes minutes.</summary>
    static WorkloadBench.Timing Timed(string what, Func<IProgress<TrainingProgress>, WorkloadBench.Timing> measure, int every = 50) =>
        LiveStatus.Run(what, $"{what}: starting",
            (TrainingProgress p) => $"{what}: {p.Phase} {p.Step}/{p.Steps}",
            p => p.Step % every == 1 % every || p.Step == p.Steps,
            t => $"{what}: {t.Seconds.ToString("F2", CultureInfo.InvariantCulture)} s",
            measure);

    static string Phases(WorkloadBench.Timing t) =>
        string.Join(", ", t.PhaseSeconds.Select(p => $"{p.Key} {p.Value.ToString("F2", CultureInfo.InvariantCulture)} s"));

    static JsonObject Json(WorkloadBench.Timing t) => new()
    {
        ["runs"] = t.Runs,
        ["seconds"] = t.Seconds,
        ["runs_per_minute"] = t.RunsPerMinute,
        ["executed_gflop"] = t.Flops / 1e9,
        ["gflops"] = t.GflopsPerSecond,
        ["phase_seconds"] = new JsonObject(t.PhaseSeconds.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        ["outcomes"] = new JsonArray(t.Outcomes.Select(o => (JsonNode?)o).ToArray()),
    };

    static int Usage(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return CommandLine.UsageError;
    }
}
