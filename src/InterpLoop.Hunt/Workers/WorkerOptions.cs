namespace InterpLoop.Hunt.Workers;

/// <summary>How <see cref="ParallelRunBatches"/> spreads a batch over worker processes on this machine (the `--jobs` option).</summary>
public sealed record WorkerOptions
{
    /// <summary>Worker processes at once; each trains on one core, so the machine's core count is the natural value.</summary>
    public int Jobs { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>The command that starts `interploop` (the program, then its first arguments).</summary>
    public IReadOnlyList<string> Worker { get; init; } = new[] { "interploop" };

    /// <summary>The work folder: one folder per batch with its plans, shard stores and worker logs, removed once merged. Null: next to the run store.</summary>
    public string? Folder { get; init; }
}
