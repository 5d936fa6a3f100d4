using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using InterpLoop.Cli.Bench;
using InterpLoop.Engine;
using InterpLoop.Hunt;
using InterpLoop.Spec;
using InterpLoop.Spec.Catalog;

namespace InterpLoop.Cli;

/// <summary>`interploop bench`: measurements that are too slow or too noisy for the test suite.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var population = new Option<int>("--population") { Description = "Members of the batched population", DefaultValueFactory = _ => 32 };
        var seeds = new Option<int>("--seeds") { Description = "Distinct seeds among them (each has its own reference model and probe)", DefaultValueFactory = _ => 4 };
        var jobs = new Option<int>("--jobs") { Description = "Also train the population split over this many worker processes, one core each (as `atlas --jobs`); 1 skips that measurement", DefaultValueFactory = _ => new InterpLoop.Hunt.Workers.WorkerOptions().Jobs };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with every figure" };
        var comparePytorch = new Option<bool>("--compare-pytorch") { Description = "Also run the PyTorch eager reference (bench/pytorch) in this invocation and print the ratios" };
        var pytorchRuns = new Option<int>("--pytorch-runs") { Description = "Sequential PyTorch runs to time (their mean stands for each of the population's)", DefaultValueFactory = _ => 3 };
        var pytorchThreads = new Option<int>("--pytorch-threads") { Description = "PyTorch's threads (1, its fastest setting at these sizes on a shared 2-core machine; 2 is its default there)", DefaultValueFactory = _ => 1 };
        var bench = new Command("bench", "The workload benchmark (the default run alone and a batched population, GFLOP/s against this machine's GEMM peak, optionally against PyTorch); `bench search` measures how many runs each search strategy needs to find a planted counterexample; `bench reuse` times a run's phases with and without a reused prelude.")
            { population, seeds, jobs, json, comparePytorch, pytorchRuns, pytorchThreads };
        bench.SetAction(parse => WorkloadCommand.Execute(parse.GetValue(population), parse.GetValue(seeds), parse.GetValue(jobs), parse.GetValue(json), parse.GetValue(comparePytorch),
            parse.GetValue(pytorchRuns), parse.GetValue(pytorchThreads)));
        bench.Subcommands.Add(Search());
        bench.Subcommands.Add(Reuse());
        return bench;
    }

    static Command Reuse()
    {
        var set = new Option<string[]>("--set") { Description = "Override a knob of both runs, name=value (repeatable)", AllowMultipleArgumentsPerToken = false };
        var seed = new Option<long>("--seed") { Description = "Run seed", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with both runs' phase times" };
        var command = new Command("reuse", "Phase times of a reward_hacking run that computes its prelude (reference model and probe), then of a run with another penalty.weight that reuses it.") { set, seed, json };
        command.SetAction(parse => ExecuteReuse(parse.GetValue(set) ?? Array.Empty<string>(), parse.GetValue(seed), parse.GetValue(json)));
        return command;
    }

    static int ExecuteReuse(string[] sets, long seed, bool json)
    {
        var scenario = Scenarios.Find(RewardHackingCatalog.Name)!;
        var (assignments, errors) = ConfigAssignments.Parse(scenario.Catalog, sets);
        if (errors.Count > 0)
        {
            foreach (var e in errors) Console.Error.WriteLine($"error {e}");
            return CommandLine.UsageError;
        }
        double weight = assignments.TryGetValue("penalty.weight", out var w) ? w.Number : 1;
        var second = new Dictionary<string, ParameterValue>(assignments) { ["penalty.weight"] = ParameterValue.Of(weight + 1) };
        var runs = new[] { ("computes the prelude", (IReadOnlyDictionary<string, ParameterValue>)assignments), ($"reuses it (penalty.weight={weight + 1})", second) };

        var rows = new JsonArray();
        foreach (var (label, a) in runs)
        {
            var timer = new PhaseTimer();
            var result = scenario.Run(a, seed, timer);
            timer.Stop();
            if (!json)
                Console.WriteLine(FormattableString.Invariant($"{label}: {string.Join(", ", timer.Phases.Select(p => $"{p.Phase} {p.Duration.TotalSeconds:F2} s"))}; total {timer.Total.TotalSeconds:F2} s ({result.Outcome})"));
            rows.Add(new JsonObject
            {
                ["run"] = label,
                ["phases"] = new JsonObject(timer.Phases.Select(p => KeyValuePair.Create(p.Phase, (JsonNode?)Math.Round(p.Duration.TotalSeconds, 3)))),
                ["total_seconds"] = Math.Round(timer.Total.TotalSeconds, 3),
                ["outcome"] = result.Outcome,
            });
        }
        if (json) Console.WriteLine(new JsonObject { ["engine_version"] = EngineVersion.Current, ["seed"] = seed, ["runs"] = rows }.ToJsonString());
        return CommandLine.Success;
    }

    static Command Search()
    {
        var spec = new Option<string>("--spec") { Description = "Planted hypotheses", DefaultValueFactory = _ => "bench/planted.ilspec" };
        var seeds = new Option<int>("--seeds") { Description = "Hunt seeds per hypothesis and strategy", DefaultValueFactory = _ => 10 };
        var budget = new Option<int?>("--budget") { Description = "Runs per hunt (default: each hypothesis' budget)" };
        var strategy = new Option<string>("--strategy") { Description = "random, targeted or both", DefaultValueFactory = _ => "both" };
        strategy.AcceptOnlyFromAmong("random", "targeted", "both");
        var store = new Option<string?>("--store") { Description = $"Run store file; default {RunStore.DefaultPath}" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with every hunt and the table" };
        var command = new Command("search", "Median runs to the first counterexample, random versus targeted, over planted hypotheses.") { spec, seeds, budget, strategy, store, json };
        command.SetAction(parse => ExecuteSearch(parse.GetValue(spec)!, parse.GetValue(seeds), parse.GetValue(budget), parse.GetValue(strategy)!, parse.GetValue(store), parse.GetValue(json)));
        return command;
    }

    static int ExecuteSearch(string specPath, int seedCount, int? budget, string which, string? storePath, bool json)
    {
        if (!File.Exists(specPath)) { Console.Error.WriteLine($"error: no such spec file: {specPath}"); return CommandLine.UsageError; }
        if (seedCount < 1) { Console.Error.WriteLine("error: --seeds must be at least 1"); return CommandLine.UsageError; }
        var spec = HuntableSpec.Load(specPath, findingsMustExist: false);
        if (spec.HasErrors) { CheckCommand.PrintDiagnostics(spec.Diagnostics, Console.Error); return CommandLine.Failure; }
        var strategies = which switch { "random" => new[] { HuntStrategy.Random }, "targeted" => new[] { HuntStrategy.Targeted }, _ => new[] { HuntStrategy.Random, HuntStrategy.Targeted } };

        try { return RunSearch(spec.Hypotheses, strategies, seedCount, budget, storePath, json); }
        catch (Exception e) when (e is HuntException or RunStoreException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return CommandLine.Failure;
        }
    }

    static int RunSearch(IReadOnlyList<Hypothesis> hypotheses, HuntStrategy[] strategies, int seedCount, int? budget, string? storePath, bool json)
    {
        using var runStore = RunStore.Open(storePath);
        var rows = new List<SearchBenchmark.Row>();
        var started = DateTime.UtcNow;
        foreach (var h in hypotheses)
        {
            var scenario = Scenarios.Find(h.Catalog.Name)!;
            int b = budget ?? h.Budget ?? HuntOptions.DefaultBudget;
            foreach (var strategy in strategies)
            {
                var hunts = new List<SearchBenchmark.Hunt>();
                for (ulong seed = 0; seed < (ulong)seedCount; seed++)
                {
                    var hunt = SearchBenchmark.RunOne(h, strategy, seed, b, (a, s) => runStore.GetOrRun(scenario, a, s), scenario as IOutcomeSlack);
                    hunts.Add(hunt);
                    Console.Error.WriteLine(FormattableString.Invariant(
                        $"{h.Name} {HuntStrategies.Text(strategy)} seed {seed}: {(hunt.RunsToFirstHit is int k ? $"first counterexample after {k} runs ({hunt.Found})" : $"none in {hunt.Runs} runs")} · {(DateTime.UtcNow - started).TotalMinutes:F1} min"));
                }
                rows.Add(new SearchBenchmark.Row(h.Name, strategy, b, hunts));
            }
        }

        if (json) Console.WriteLine(ToJson(rows).ToJsonString());
        else PrintTable(rows, seedCount);
        return CommandLine.Success;
    }


    static string Median(SearchBenchmark.Row r) => r.Median is double m ? m.ToString("0.#", CultureInfo.InvariantCulture) : $"> {r.Budget}";

    /// <summary>A Markdown table, ready for the README.</summary>
    static void PrintTable(IReadOnlyList<SearchBenchmark.Row> rows, int seeds)
    {
        Console.WriteLine($"| planted hypothesis | median runs, random | median runs, targeted | found (random / targeted, of {seeds}) | targeted / random |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var g in rows.GroupBy(r => r.Hypothesis))
        {
            var random = g.FirstOrDefault(r => r.Strategy == HuntStrategy.Random);
            var targeted = g.FirstOrDefault(r => r.Strategy == HuntStrategy.Targeted);
            string ratio = random?.Median is double a && targeted?.Median is double t ? (t / a).ToString("0.00", CultureInfo.InvariantCulture) : "–";
            Console.WriteLine($"| {g.Key} | {(random is null ? "–" : Median(random))} | {(targeted is null ? "–" : Median(targeted))} | {random?.Found.ToString() ?? "–"} / {targeted?.Found.ToString() ?? "–"} | {ratio} |");
        }
    }

    static JsonObject ToJson(IReadOnlyList<SearchBenchmark.Row> rows) => new()
    {
        ["engine_version"] = EngineVersion.Current,
        ["rows"] = new JsonArray(rows.Select(r => (JsonNode)new JsonObject
        {
            ["hypothesis"] = r.Hypothesis,
            ["strategy"] = HuntStrategies.Text(r.Strategy),
            ["budget"] = r.Budget,
            ["median_runs_to_first_counterexample"] = r.Median,
            ["found"] = r.Found,
            ["runs_to_first_counterexample"] = new JsonArray(r.Hunts.Select(h => (JsonNode?)(h.RunsToFirstHit is int k ? JsonValue.Create(k) : null)).ToArray()),
        }).ToArray()),
    };
}
