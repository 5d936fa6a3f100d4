using System.Globalization;
using InterpLoop.Hunt.Workers;

namespace InterpLoop.Hunt.Slurm;

/// <summary>
/// Runs a <see cref="RunPlan"/> as one Slurm array job and merges its shard stores into the main run store. The batch's
/// folder (under <see cref="SlurmOptions.Folder"/>, named by the plan's hash) holds the plan, the task script, the state
/// (<see cref="SlurmBatchState"/>), one shard store and one log per task. Each poll looks at every shard: queued (pending
/// or running), complete (its store has every run of its share), or ended without finishing (failed, cancelled, timed
/// out, or its store corrupt), which is resubmitted up to <see cref="SlurmOptions.Retries"/> times; a retried task keeps
/// the runs its store already has. When every shard is complete, all of them are merged in one transaction and all but the
/// task logs (task-I.JOB.out) are removed. A coordinator killed at any point and started again on the same batch finds the same folder and
/// state and polls the job it submitted; shards already complete are not rerun.
/// </summary>
/// <param name="note">Lines worth a log: each submission and each merge, with the time they took (the README's overhead numbers come from them).</param>
public sealed class SlurmCoordinator(ISlurm slurm, SlurmOptions options, Action<string>? warn = null,
    IProgress<SlurmProgress>? progress = null, Action<TimeSpan>? sleep = null, Action<string>? note = null)
{
    public RunStoreMerge Run(RunPlan plan, RunStore store, CancellationToken cancellation = default)
    {
        int shards = Math.Max(1, Math.Min(options.ArraySize, plan.Runs.Count));
        string folder = Path.GetFullPath(Path.Combine(options.Folder, "batch-" + plan.Hash[..16]));
        Directory.CreateDirectory(folder);
        string planPath = Path.Combine(folder, "plan.json"), statePath = Path.Combine(folder, "state.json"), script = Path.Combine(folder, "task.sh");
        if (!File.Exists(planPath) || !File.ReadAllBytes(planPath).AsSpan().SequenceEqual(plan.Bytes)) plan.Write(planPath);
        File.WriteAllText(script, Script(plan, planPath, folder, shards));
        var state = SlurmBatchState.LoadFor(statePath, plan.Hash, shards);
        string name = "interploop-" + plan.Hash[..16];
        // A coordinator killed between sbatch and saving the state left a job only its name leads to.
        foreach (var job in slurm.JobsNamed(name)) if (!state.Jobs.Contains(job)) state.Jobs.Add(job);

        var shareKeys = Enumerable.Range(1, shards).ToDictionary(i => i, i => plan.Shard(i, shards).Select(r => r.Key).ToHashSet());
        SlurmProgress? last = null;
        int retried = 0;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            var queued = new Dictionary<int, (string Job, string State)>();
            foreach (var job in state.Jobs)
                foreach (var (task, taskState) in slurm.Queued(job)) queued[task] = (job, taskState);

            var submit = new List<int>();
            int pending = 0, running = 0, done = 0, finished = 0;
            for (int i = 1; i <= shards; i++)
            {
                string shard = ShardPath(folder, i);
                if (queued.TryGetValue(i, out var q))
                {
                    if (state.AttemptsOf(i) == 0) state.Submitted(i, q.Job);
                    if (q.State is "PENDING" or "CONFIGURING" or "REQUEUED") pending++; else running++;
                    finished += RunsIn(shard);
                    continue;
                }
                int have;
                bool corrupt = false;
                try { have = File.Exists(shard) ? RunStore.KeysIn(shard).Count(shareKeys[i].Contains) : 0; }
                catch (RunStoreException e)
                {
                    warn?.Invoke($"{e.Message}; task {i}/{shards}'s runs are recomputed");
                    SetAside(shard);
                    have = 0;
                    corrupt = true;
                }
                if (have == shareKeys[i].Count) { done++; finished += have; continue; }
                finished += have;
                if (state.AttemptsOf(i) == 0) { submit.Add(i); continue; }
                string job = state.JobOf(i) ?? "?";
                string ended = (job == "?" ? null : slurm.EndState(job, i))?.ToLowerInvariant() ?? "ended";
                string log = Path.Combine(folder, $"task-{i}.{job}.out");
                if (state.AttemptsOf(i) > options.Retries)
                    throw new SlurmException($"task {i}/{shards} of slurm job {job} {ended} without finishing its runs on all {state.AttemptsOf(i)} attempt(s) " +
                        $"({have} of {shareKeys[i].Count} runs done); its log is {log}. The finished runs are kept in {shard}: the same command resubmits only what is left " +
                        $"(after {options.Retries} retries; raise them with --retries)");
                if (!corrupt) warn?.Invoke($"task {i}/{shards} of slurm job {job} {ended} with {have} of {shareKeys[i].Count} runs done (log {log}); resubmitting it, " +
                    $"attempt {state.AttemptsOf(i) + 1} of {options.Retries + 1}, keeping its finished runs");
                retried++;
                submit.Add(i);
            }
            if (submit.Count > 0)
            {
                var id = slurm.Submit(new SlurmArrayJob(name, script, submit, options.ArraySize, Path.Combine(folder, "task-%a.%A.out"),
                    options.Partition, options.Time, options.SbatchArguments));
                foreach (var i in submit) state.Submitted(i, id);
                state.Save(statePath);
                note?.Invoke($"submitted slurm job {id}: {submit.Count} task(s) of {shards}, {plan.Runs.Count} runs, at {DateTime.UtcNow:O}");
                pending += submit.Count;
            }
            else if (!File.Exists(statePath)) state.Save(statePath);
            var now = new SlurmProgress(string.Join(",", state.Jobs), shards, pending, running, done, retried, finished, plan.Runs.Count);
            if (now != last) progress?.Report(now);
            last = now;
            if (done == shards) break;
            (sleep ?? Thread.Sleep)(options.PollInterval);
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var merged = store.Merge(Enumerable.Range(1, shards).Select(i => ShardPath(folder, i)).ToList());
        note?.Invoke($"merged {shards} shard store(s) into {store.FilePath}: {merged.Merged} runs new, {merged.AlreadyPresent} already there, in {clock.Elapsed.TotalMilliseconds:0} ms");
        // The runs are in the store now; the task logs stay for a post-mortem (they are small).
        try
        {
            foreach (var file in Directory.GetFiles(folder).Where(f => !Path.GetFileName(f).StartsWith("task-", StringComparison.Ordinal) || f.EndsWith(".sh", StringComparison.Ordinal)))
                File.Delete(file);
        }
        catch (IOException) { } // a leftover file is only disk space
        return merged;
    }

    static string ShardPath(string folder, int shard) => Path.Combine(folder, $"shard-{shard.ToString(CultureInfo.InvariantCulture)}.db");

    /// <summary>Runs stored so far by a task that is still going; a file that cannot be read yet counts none.</summary>
    static int RunsIn(string shard)
    {
        if (!File.Exists(shard)) return 0;
        try { return RunStore.CountIn(shard); }
        catch (RunStoreException) { return 0; }
    }

    /// <summary>Keeps a corrupt shard for a post-mortem, out of the way of the task that recomputes it.</summary>
    static void SetAside(string shard)
    {
        string stamp = DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
            if (File.Exists(shard + suffix)) File.Move(shard + suffix, $"{shard}.corrupt-{stamp}{suffix}", overwrite: true);
    }

    string Script(RunPlan plan, string planPath, string folder, int shards)
    {
        string worker = string.Join(" ", options.Worker.Select(Quote));
        return $"""
            #!/bin/bash
            # Written by interploop: task I of this array job runs shard I/{shards} of the plan (runs i with i mod {shards} = I - 1)
            # into its own shard store; the coordinator merges the stores into the run store when every task is done.
            set -e
            # A worker trains in a few hot loops for minutes: each method compiled once, optimised (TrainingProcess).
            export {TrainingProcess.TieredCompilation}="${"{"}{TrainingProcess.TieredCompilation}:-0{"}"}"
            exec {worker} worker --plan {Quote(planPath)} --shard "${"{"}SLURM_ARRAY_TASK_ID{"}"}/{shards}" --store {Quote(folder)}/"shard-${"{"}SLURM_ARRAY_TASK_ID{"}"}.db"

            """;
    }

    static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
}
