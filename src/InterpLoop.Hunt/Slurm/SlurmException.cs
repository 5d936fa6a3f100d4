namespace InterpLoop.Hunt.Slurm;

/// <summary>The Slurm backend cannot go on (sbatch missing or refusing, a shard failing every retry); the message says what to do.</summary>
public sealed class SlurmException(string message, Exception? inner = null) : Exception(message, inner);
