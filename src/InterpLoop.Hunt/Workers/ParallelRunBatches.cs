using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using InterpLoop.Engine;
using InterpLoop.Hunt.Search;
using InterpLoop.Hunt.Slurm;

namespace InterpLoop.Hunt.Workers;

/// <summary>
/// The local backend on several cores. The runs of a batch that the run store lacks are split into one share per
/// worker process (`interploop worker --batch`); each worker trains its share on one core, as batched populations,
/// into its own shard store, and the shards are merged into the run store, from which every result is read. A run is
/// a function of its configuration and seed, so the results equal the in-process backend's bit for bit; only the wall
/// time changes. Runs are split by seed where the split allows: runs of one seed share their prelude (reward_hacking's
/// reference and probe), which a second worker would compute again; and workers read the preludes the run store
/// already has (`--preludes`) rather than computing them.
/// A batch's folder (named by its plan's hash) holds the share plans, shard stores and worker logs. When the batch
/// is interrupted or a worker fails, the finished runs of every shard are merged before the error is passed on, so
/// the same command does not train them again; with no run store (--no-store) a temporary one is used and removed,
/// unless a worker failed (its error names the log and the kept runs in it).
/// </summary>
public sealed partial class ParallelRunBatches : IDisposable
{
    readonly IScenario scenario;
    readonly RunStore store;
    readonly string? temporary;
    bool keepTemporary;
    readonly WorkerOptions options;
    readonly CancellationToken cancellation;
    readonly Action<int>? finished;

    /// <param name="store">The run store, or null to keep nothing (a temporary store is used for the shards).</param>
    /// <param name="finished">Hears of runs as they finish (from the store or a worker), by how many finished since it last heard.</param>
    public ParallelRunBatches(IScenario scenario, RunStore? store, WorkerOptions options, CancellationToken cancellation = default, Action<int>? finished = null)
    {
        if (options.Jobs < 1) throw new ArgumentOutOfRangeException(nameof(options), $"jobs must be at least 1, got {options.Jobs}");
        this.scenario = scenario;
        this.options = options;
        this.cancellation = cancellation;
        this.finished = finished;
        if (store is not null) this.store = store;
        else
        {
            temporary = Path.Combine(Path.GetTempPath(), "interploop-" + Guid.NewGuid().ToString("N")[..12]);
            this.store = RunStore.Open(Path.Combine(temporary, "runs.db"));
        }
    }

    /// <summary>Requests answered by the run store before the batch was split.</summary>
    public int FromStore { get; private set; }

    /// <summary>Runs trained (in workers, or here for a batch of one).</summary>
    public int Trained { get; private set; }

    /// <summary>Preludes the workers computed (those the run store had, they read from it).</summary>
    public int PreludesComputed { get; private set; }

    public RunBatchSource Source => Run;

    public IReadOnlyList<RunResult> Run(IReadOnlyList<RunRequest> requests)
    {
        cancellation.ThrowIfCancellationRequested();
        return ExternalBatch.Run(scenario, store, requests, missing =>
            {
                // One run, or one job, is not worth a process: train here, as the in-process backend does.
                if (missing.Count == 1 || options.Jobs == 1)
                    store.GetOrRunBatch(scenario, missing, null, cancellation, _ => { Trained++; finished?.Invoke(1); });
                else Trained += RunInWorkers(missing);
            },
            key => new WorkerException($"the workers finished but run {key} is not in {store.FilePath} after merging"),
            _ => { FromStore++; finished?.Invoke(1); });
    }

    /// <summary>The runs split into at most <paramref name="jobs"/> shares of nearly equal size, in seed order, so a seed's runs stay together where the sizes allow.</summary>
    public static IReadOnlyList<IReadOnlyList<int>> Shares(IReadOnlyList<RunRequest> runs, int jobs)
    {
        var order = Enumerable.Range(0, runs.Count).OrderBy(i => runs[i].Seed).ThenBy(i => i).ToArray();
        int k = Math.Min(jobs, runs.Count);
        return Enumerable.Range(0, k).Select(j => (IReadOnlyList<int>)order[(j * runs.Count / k)..((j + 1) * runs.Count / k)]).ToList();
    }

    int RunInWorkers(IReadOnlyList<RunRequest> runs)
    {
        var shares = Shares(runs, options.Jobs);
        var whole = RunPlan.For(scenario, store, runs);
        string root = options.Folder ?? Path.Combine(Path.GetDirectoryName(store.FilePath)!, "workers");
        string folder = Path.GetFullPath(Path.Combine(root, "batch-" + whole.Hash[..16]));
        Directory.CreateDirectory(folder);
        var workers = shares.Select((share, j) =>
        {
            string name = (j + 1).ToString(CultureInfo.InvariantCulture);
            var plan = RunPlan.For(scenario, store, share.Select(i => runs[i]));
            string planPath = Path.Combine(folder, $"plan-{name}.json");
            plan.Write(planPath);
            return new Worker($"worker {name}/{shares.Count}", planPath, Path.Combine(folder, $"shard-{name}.db"), Path.Combine(folder, $"worker-{name}.log"), plan.Runs.Count);
        }).ToList();

        try
        {
            // Workers read the run store's preludes; a temporary store has none worth reading.
            string? preludes = temporary is null ? store.FilePath : null;
            foreach (var w in workers) w.Start(options.Worker, preludes, count => finished?.Invoke(count));
            // Only signals them (the waiting is below): Cancel may be called from a worker's own progress callback.
            using (cancellation.Register(() => { foreach (var w in workers) w.Signal(); }))
                foreach (var w in workers) w.WaitForExit();
            cancellation.ThrowIfCancellationRequested();
            if (workers.FirstOrDefault(w => w.ExitCode != 0) is { } failed)
                throw new WorkerException($"{failed.Name} ({failed.Runs} runs, plan {failed.PlanPath}) exited with code {failed.ExitCode}: {failed.LastLines}" +
                    $" (its log is {failed.LogPath}; the runs the workers finished are kept in {store.FilePath})");
            var merge = store.Merge(workers.Select(w => w.ShardPath).ToList());
            PreludesComputed += merge.PreludesMerged + merge.PreludesAlreadyPresent; // a shard holds only the preludes its worker computed
            TryDelete(folder);
            return merge.Merged + merge.AlreadyPresent;
        }
        catch (Exception e) when (e is OperationCanceledException or WorkerException)
        {
            // Keep what finished: each shard that can be read is merged on its own, so one bad shard costs only itself.
            foreach (var w in workers)
            {
                w.Kill();
                if (!File.Exists(w.ShardPath)) continue;
                try
                {
                    // Opening it for writing rolls back the transaction of a worker killed mid-write (a read-only merge could not).
                    using (RunStore.Open(w.ShardPath, sharedFilesystem: true)) { }
                    store.Merge(new[] { w.ShardPath });
                }
                catch (RunStoreException) { } // unreadable all the same: its runs are trained again
            }
            if (e is OperationCanceledException) TryDelete(folder);
            else keepTemporary = true; // the error names the failed worker's log and the kept runs: leave them there
            throw;
        }
        finally
        {
            foreach (var w in workers) w.Dispose();
        }
    }

    static void TryDelete(string folder)
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { } // a leftover folder is only disk space
        catch (UnauthorizedAccessException) { }
    }

    public void Dispose()
    {
        if (temporary is null || keepTemporary) return;
        store.Dispose();
        TryDelete(temporary);
    }

    /// <summary>One worker process, its share, and what it has said (its stderr goes to its log; its progress lines are counted).</summary>
    sealed partial class Worker(string name, string planPath, string shardPath, string logPath, int runs) : IDisposable
    {
        readonly Queue<string> last = new();
        Process? process;
        bool started;
        StreamWriter? log;
        int done;

        public string Name => name;
        public string PlanPath => planPath;
        public string ShardPath => shardPath;
        public string LogPath => logPath;
        public int Runs => runs;
        public int ExitCode => started ? process!.ExitCode : -1;
        public string LastLines { get { lock (last) return last.Count == 0 ? "it printed nothing" : string.Join(" | ", last); } }

        public void Start(IReadOnlyList<string> command, string? preludes, Action<int> finished)
        {
            var info = new ProcessStartInfo(command[0]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            var arguments = new List<string> { "worker", "--plan", planPath, "--shard", "1/1", "--store", shardPath, "--batch" };
            if (preludes is not null) arguments.AddRange(new[] { "--preludes", preludes });
            foreach (var a in command.Skip(1).Concat(arguments)) info.ArgumentList.Add(a);
            TrainingProcess.Configure(info);
            log = new StreamWriter(logPath) { AutoFlush = true };
            process = new Process { StartInfo = info };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not { } line) return;
                int more = 0;
                lock (last)
                {
                    log.WriteLine(line);
                    last.Enqueue(line);
                    if (last.Count > 3) last.Dequeue();
                    if (Progress().Match(line) is { Success: true } m && int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) is var now && now > done)
                    {
                        more = now - done;
                        done = now;
                    }
                }
                if (more > 0) finished(more);
            };
            process.OutputDataReceived += (_, _) => { };
            try { started = process.Start(); }
            catch (System.ComponentModel.Win32Exception e) { throw new WorkerException($"cannot start {name} ({string.Join(" ", command)}): {e.Message}"); }
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
        }

        public void WaitForExit() { if (started) process!.WaitForExit(); }

        /// <summary>Kills it without waiting (safe on any thread, its own output callbacks included).</summary>
        public void Signal()
        {
            try { if (started && !process!.HasExited) process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { } // it had not started or has just ended
        }

        public void Kill()
        {
            Signal();
            WaitForExit();
        }

        public void Dispose()
        {
            process?.Dispose();
            lock (last) log?.Dispose();
        }

        [GeneratedRegex(@": (\d+)/\d+ runs done")]
        private static partial Regex Progress();
    }
}
