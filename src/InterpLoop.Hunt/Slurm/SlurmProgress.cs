namespace InterpLoop.Hunt.Slurm;

/// <summary>
/// An array job as the coordinator last saw it: tasks pending, running and done, tasks retried so far (failed or cancelled, resubmitted), and runs
/// finished in the shard stores, of the batch's runs.
/// </summary>
public sealed record SlurmProgress(string JobId, int Tasks, int Pending, int Running, int Done, int Retried, int RunsFinished, int Runs)
{
    public override string ToString() =>
        $"slurm job {JobId}: {Tasks} task(s): {Pending} pending, {Running} running, {Done} done" + (Retried > 0 ? $", {Retried} retried" : "") + $" · {RunsFinished}/{Runs} runs";
}
