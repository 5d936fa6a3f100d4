namespace InterpLoop.Hunt.Slurm;

/// <summary>How the Slurm backend submits and waits: the `--partition`, `--array-size`, `--time`, `--sbatch-arg` and `--slurm-dir` options.</summary>
public sealed record SlurmOptions
{
    public static readonly string DefaultFolder = Path.Combine(".interploop", "slurm");

    /// <summary>Shards of a batch, which are the array's tasks: Slurm runs up to this many at once (fewer when the batch has fewer runs).</summary>
    public int ArraySize { get; init; } = 8;
    public string? Partition { get; init; }
    /// <summary>Time limit per task, in sbatch's format (e.g. 01:00:00).</summary>
    public string? Time { get; init; }
    public IReadOnlyList<string> SbatchArguments { get; init; } = Array.Empty<string>();
    /// <summary>Times a failed or cancelled task is resubmitted before the batch gives up.</summary>
    public int Retries { get; init; } = 2;
    /// <summary>The work folder on the shared filesystem: one folder per batch with its plan, state, shard stores and task logs.</summary>
    public string Folder { get; init; } = DefaultFolder;
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>The command that starts `interploop` on a node (the program, then its first arguments), quoted into the task script.</summary>
    public IReadOnlyList<string> Worker { get; init; } = new[] { "interploop" };
}
