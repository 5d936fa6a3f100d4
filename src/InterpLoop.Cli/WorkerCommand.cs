using System.CommandLine;
using System.Globalization;
using InterpLoop.Hunt;
using InterpLoop.Hunt.Slurm;
using InterpLoop.Hunt.Workers;

namespace InterpLoop.Cli;

/// <summary>
/// `interploop worker --plan PLAN --shard I/N --store SHARD_DB`: one Slurm array task's share of a batch (the runs i
/// with i mod N = I − 1), each trained into the task's own shard store, skipping the runs it already has, so a retried
/// task resumes. The coordinator (`hunt` or `atlas` with `--backend slurm`, or `atlas` and `bench` with `--jobs` above 1)
/// writes the plan and merges the stores; `--batch` trains the shard as batched populations.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var plan = new Option<string>("--plan") { Description = "The plan file the coordinator wrote", Required = true };
        var shard = new Option<string>("--shard") { Description = "I/N: run the plan's runs i (0-based) with i mod N = I - 1; I is 1-based", Required = true };
        var store = new Option<string>("--store") { Description = "This task's shard store (a run store file)", Required = true };
        var batch = new Option<bool>("--batch") { Description = "Train the shard as one batch (batched populations) rather than run by run; an interrupted worker then loses the population it was training" };
        var preludes = new Option<string?>("--preludes") { Description = "A run store (the coordinator's) to take preludes from when the shard store lacks them; it is only read" };
        var command = new Command("worker", "Run one shard of a plan into a shard store (a Slurm array task of --backend slurm, or a worker of --jobs).") { plan, shard, store, batch, preludes };
        command.SetAction((parse, cancellation) => Task.FromResult(Execute(parse.GetValue(plan)!, parse.GetValue(shard)!, parse.GetValue(store)!, parse.GetValue(batch),
            parse.GetValue(preludes), cancellation)));
        return command;
    }

    static int Execute(string planPath, string shardText, string storePath, bool batched, string? preludesPath, CancellationToken cancellation)
    {
        var parts = shardText.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int shard)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int shards) || shards < 1 || shard < 1 || shard > shards)
            return Usage($"--shard {shardText}: give I/N with 1 <= I <= N, e.g. --shard 1/4");
        RunPlan plan;
        try { plan = RunPlan.Read(planPath); }
        catch (FormatException e) { return Usage(e.Message); }
        var scenario = Scenarios.Find(plan.Scenario);
        if (scenario is null) return Usage($"plan '{planPath}' is for scenario {plan.Scenario}, which this build does not have ({string.Join(", ", Scenarios.All.Select(s => s.Catalog.Name))})");
        if (preludesPath is not null && !File.Exists(preludesPath)) return Usage($"--preludes {preludesPath}: no such run store");
        RunStore store;
        RunStore? preludeSource = null;
        try
        {
            store = RunStore.Open(storePath, sharedFilesystem: true);
            try { preludeSource = preludesPath is null ? null : RunStore.Open(preludesPath); }
            catch (RunStoreException) { store.Dispose(); throw; }
        }
        catch (RunStoreException e) { Console.Error.WriteLine($"error: {e.Message}"); return CommandLine.Failure; }
        using (store)
        using (preludeSource)
        {
            string name = $"shard {shard}/{shards}";
            var clock = System.Diagnostics.Stopwatch.StartNew();
            Console.Error.WriteLine($"{name}: {plan.Shard(shard, shards).Count} runs of {plan.Runs.Count} in {planPath}; first run starts at {DateTime.UtcNow:O}");
            try
            {
                var outcome = ShardWorker.Run(plan, shard, shards, scenario, store,
                    new SyncProgress<ShardProgress>(p => Console.Error.WriteLine($"{name}: {p.Done}/{p.Runs} runs done · {clock.Elapsed:hh\\:mm\\:ss}")), cancellation, batched,
                    preludeSource is null ? null : new FallbackPreludeStore(store, preludeSource));
                Console.Error.WriteLine($"{name}: {outcome.Runs} runs ({outcome.FromStore} already in {store.FilePath}, {outcome.Trained} trained) in {clock.Elapsed:hh\\:mm\\:ss}");
                return CommandLine.Success;
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine($"interrupted: {name}'s finished runs are in {store.FilePath}; a retried task resumes from them");
                return 130;
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or RunStoreException)
            {
                Console.Error.WriteLine($"error: {name} of {planPath}: {e.Message}");
                return CommandLine.Failure;
            }
        }
    }

    static int Usage(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return CommandLine.UsageError;
    }
}
