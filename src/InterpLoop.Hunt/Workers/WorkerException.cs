namespace InterpLoop.Hunt.Workers;

/// <summary>A worker process that ended without finishing its share of a batch; the message names it, its exit code and its last lines.</summary>
public sealed class WorkerException(string message) : Exception(message);
