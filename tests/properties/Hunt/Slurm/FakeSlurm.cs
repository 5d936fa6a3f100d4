using System.Text.RegularExpressions;
using InterpLoop.Hunt;
using InterpLoop.Hunt.Slurm;

namespace InterpLoop.Properties.Hunt.Slurm;

/// <summary>What a fake array task does on an attempt: finish its shard, stop after some runs (failed or cancelled), or finish and leave a corrupt store.</summary>
internal sealed record FakeFate(string EndState, int? StopAfter = null, bool Corrupt = false)
{
    public static readonly FakeFate Finish = new("COMPLETED");
}

/// <summary>
/// Slurm in-process: a submitted task is pending on the first poll and has run (the real <see cref="ShardWorker"/> on
/// the landscape scenario, into the real shard store the task script names) by the next, as its fate says.
/// </summary>
internal sealed class FakeSlurm(LandscapeScenario scenario, Func<int, int, FakeFate>? fate = null) : ISlurm
{
    readonly Dictionary<string, (SlurmArrayJob Job, HashSet<int> Queued, Dictionary<int, string> Ended)> jobs = new();
    readonly Dictionary<int, int> attempts = new();

    public List<SlurmArrayJob> Submissions { get; } = new();

    public string Submit(SlurmArrayJob job)
    {
        Submissions.Add(job);
        var id = (100 + jobs.Count).ToString();
        jobs[id] = (job, job.Tasks.ToHashSet(), new());
        return id;
    }

    public IReadOnlyDictionary<int, string> Queued(string jobId)
    {
        var (job, queued, ended) = jobs[jobId];
        var result = queued.ToDictionary(t => t, _ => "PENDING");
        foreach (var task in queued.ToList()) { Execute(job, task, ended); queued.Remove(task); }
        return result;
    }

    public IReadOnlyList<string> JobsNamed(string name) => jobs.Where(j => j.Value.Job.Name == name && j.Value.Queued.Count > 0).Select(j => j.Key).ToList();

    public string? EndState(string jobId, int task) => jobs[jobId].Ended.GetValueOrDefault(task);

    public void Cancel(string jobId) => jobs[jobId].Queued.Clear();

    void Execute(SlurmArrayJob job, int task, Dictionary<int, string> ended)
    {
        var folder = Path.GetDirectoryName(job.Script)!;
        int shards = int.Parse(Regex.Match(File.ReadAllText(job.Script), @"SLURM_ARRAY_TASK_ID\}/(\d+)").Groups[1].Value);
        int attempt = attempts[task] = attempts.GetValueOrDefault(task) + 1;
        var f = fate?.Invoke(task, attempt) ?? FakeFate.Finish;
        var plan = RunPlan.Read(Path.Combine(folder, "plan.json"));
        string shard = Path.Combine(folder, $"shard-{task}.db");
        using (var store = RunStore.Open(shard, sharedFilesystem: true))
        {
            // Reported before each run: stopping there leaves exactly StopAfter runs stored.
            var progress = new Progress(p => { if (f.StopAfter is int k && p.Done >= k) throw new OperationCanceledException(); });
            try { ShardWorker.Run(plan, task, shards, scenario, store, progress); }
            catch (OperationCanceledException) { }
        }
        if (f.Corrupt) File.WriteAllBytes(shard, File.ReadAllBytes(shard).AsSpan(0, 1500).ToArray()); // truncated mid-page
        ended[task] = f.EndState;
    }

    sealed class Progress(Action<ShardProgress> report) : IProgress<ShardProgress>
    {
        public void Report(ShardProgress value) => report(value);
    }
}
