using System.CommandLine;
using InterpLoop.Hunt.Slurm;

namespace InterpLoop.Cli;

/// <summary>
/// Where runs are trained, for `hunt` and `atlas`: `--backend local` (this machine, the default) or `--backend slurm`
/// (each batch an array job of `interploop worker` tasks, with the Slurm options below).
/// </summary>
internal sealed class BackendArguments
{
    /// <summary>The parsed options; <see cref="Slurm"/> is null for the local backend.</summary>
    public sealed record Values(SlurmOptions? Slurm, string? Error);

    readonly Option<string> backend = new("--backend") { Description = "local (train here) or slurm (each batch of runs an array job on a Slurm cluster; see the README)", DefaultValueFactory = _ => "local" };
    readonly Option<string?> partition = new("--partition") { Description = "Slurm: the partition to submit to (default: the cluster's default)" };
    readonly Option<int> arraySize = new("--array-size") { Description = "Slurm: tasks of a batch's array job (each runs a share of the batch), at most this many at once", DefaultValueFactory = _ => new SlurmOptions().ArraySize };
    readonly Option<string?> time = new("--time") { Description = "Slurm: time limit of each task, as sbatch --time takes it (e.g. 01:00:00)" };
    readonly Option<string[]> sbatchArg = new("--sbatch-arg") { Description = "Slurm: one more argument for sbatch, passed as it is (repeatable), e.g. --sbatch-arg=--mem=4G", AllowMultipleArgumentsPerToken = false };
    readonly Option<string> slurmDir = new("--slurm-dir") { Description = "Slurm: the work folder on the shared filesystem (plans, shard stores, task logs)", DefaultValueFactory = _ => SlurmOptions.DefaultFolder };
    readonly Option<int> retries = new("--retries") { Description = "Slurm: times a failed or cancelled task is resubmitted", DefaultValueFactory = _ => new SlurmOptions().Retries };

    public static BackendArguments AddTo(Command command)
    {
        var a = new BackendArguments();
        a.backend.AcceptOnlyFromAmong("local", "slurm");
        foreach (var o in new Option[] { a.backend, a.partition, a.arraySize, a.time, a.sbatchArg, a.slurmDir, a.retries }) command.Options.Add(o);
        return a;
    }

    public Values Read(ParseResult parse)
    {
        if (parse.GetValue(backend) != "slurm") return new Values(null, null);
        int size = parse.GetValue(arraySize), retry = parse.GetValue(retries);
        if (size < 1) return new Values(null, $"--array-size must be at least 1, got {size}");
        if (retry < 0) return new Values(null, $"--retries must be 0 or more, got {retry}");
        return new Values(new SlurmOptions
        {
            ArraySize = size,
            Partition = parse.GetValue(partition),
            Time = parse.GetValue(time),
            SbatchArguments = parse.GetValue(sbatchArg) ?? Array.Empty<string>(),
            Folder = parse.GetValue(slurmDir)!,
            Retries = retry,
            Worker = SelfProcess.Command(),
        }, null);
    }
}
