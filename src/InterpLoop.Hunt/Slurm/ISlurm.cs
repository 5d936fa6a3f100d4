namespace InterpLoop.Hunt.Slurm;

/// <summary>An array job to submit: one task per index, each running <see cref="Script"/> with SLURM_ARRAY_TASK_ID set.</summary>
public sealed record SlurmArrayJob(string Name, string Script, IReadOnlyList<int> Tasks, int MaxConcurrent, string OutputPattern,
    string? Partition, string? Time, IReadOnlyList<string> ExtraArguments);

/// <summary>
/// The Slurm commands the coordinator needs (sbatch, squeue, sacct, scancel), behind an interface so its retries,
/// restarts and corrupt-shard handling can be tested with a fake as well as against a real cluster.
/// </summary>
public interface ISlurm
{
    /// <summary>Submits the array job and returns its job id; throws <see cref="SlurmException"/> when sbatch is missing or refuses it.</summary>
    string Submit(SlurmArrayJob job);

    /// <summary>The tasks of the job still in the queue (pending, running, completing…), by array index, with their state.</summary>
    IReadOnlyDictionary<int, string> Queued(string jobId);

    /// <summary>The ids of queued array jobs with this name (a coordinator killed right after sbatch finds its job by name).</summary>
    IReadOnlyList<string> JobsNamed(string name);

    /// <summary>How a task that left the queue ended (COMPLETED, FAILED, CANCELLED, TIMEOUT…), when Slurm still knows.</summary>
    string? EndState(string jobId, int task);

    void Cancel(string jobId);
}
