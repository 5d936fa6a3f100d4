using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace InterpLoop.Hunt.Slurm;

/// <summary>
/// <see cref="ISlurm"/> through Slurm's own client commands on PATH: sbatch to submit, squeue to poll, sacct (or
/// scontrol, where accounting is off) for how a task ended, scancel. A command that is missing or fails is one
/// <see cref="SlurmException"/> with what it printed.
/// </summary>
public sealed class SlurmCommands : ISlurm
{
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    public string Submit(SlurmArrayJob job)
    {
        var args = new List<string> { "--parsable", "--job-name", job.Name, "--output", job.OutputPattern,
            $"--array={ArrayList(job.Tasks)}%{job.MaxConcurrent.ToString(CultureInfo.InvariantCulture)}" };
        if (job.Partition is { } p) args.AddRange(new[] { "--partition", p });
        if (job.Time is { } t) args.AddRange(new[] { "--time", t });
        args.AddRange(job.ExtraArguments);
        args.Add(job.Script);
        var (exit, stdout, stderr) = Invoke("sbatch", args);
        if (exit != 0)
            throw new SlurmException($"sbatch refused the array job (exit {exit}): {OneLine(stderr)}; check --partition, --time and --sbatch-arg " +
                $"(the command was: sbatch {string.Join(" ", args)})");
        // --parsable prints "jobid" or "jobid;cluster".
        var id = stdout.Trim().Split('\n')[0].Split(';')[0].Trim();
        if (id.Length == 0 || !id.All(char.IsDigit))
            throw new SlurmException($"sbatch accepted the job but printed no job id (it printed: {OneLine(stdout)})");
        return id;
    }

    public IReadOnlyDictionary<int, string> Queued(string jobId)
    {
        var (exit, stdout, stderr) = Invoke("squeue", new[] { "-h", "-r", "-j", jobId, "-o", "%K %T" });
        var tasks = new Dictionary<int, string>();
        // A job that left the queue long ago is unknown to squeue: nothing of it is queued.
        if (exit != 0) return stderr.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase) ? tasks
            : throw new SlurmException($"squeue failed (exit {exit}): {OneLine(stderr)}");
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', 2);
            if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var task)) tasks[task] = parts[1];
        }
        return tasks;
    }

    public IReadOnlyList<string> JobsNamed(string name)
    {
        var (exit, stdout, _) = Invoke("squeue", new[] { "-h", "-n", name, "-o", "%F" });
        return exit != 0 ? Array.Empty<string>()
            : stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
    }

    public string? EndState(string jobId, int task)
    {
        string id = $"{jobId}_{task.ToString(CultureInfo.InvariantCulture)}";
        var (exit, stdout, _) = Invoke("sacct", new[] { "-n", "-P", "-X", "-j", id, "-o", "State" });
        if (exit == 0 && stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() is { } s)
            return s.Split(' ')[0];
        // Without accounting, the controller still knows a finished job for MinJobAge seconds.
        (exit, stdout, _) = Invoke("scontrol", new[] { "-o", "show", "job", id });
        if (exit != 0) return null;
        var field = stdout.Split(' ').FirstOrDefault(f => f.StartsWith("JobState=", StringComparison.Ordinal));
        return field?["JobState=".Length..];
    }

    public void Cancel(string jobId) => Invoke("scancel", new[] { jobId });

    /// <summary>Slurm's array list: runs of consecutive indices as ranges (1-4,7).</summary>
    public static string ArrayList(IReadOnlyList<int> tasks)
    {
        var sorted = tasks.Distinct().Order().ToList();
        var parts = new List<string>();
        for (int i = 0; i < sorted.Count;)
        {
            int j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1) j++;
            parts.Add(i == j ? $"{sorted[i]}" : $"{sorted[i]}-{sorted[j]}");
            i = j + 1;
        }
        return string.Join(",", parts);
    }

    static (int Exit, string Out, string Err) Invoke(string program, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(info)!; }
        catch (Win32Exception e)
        {
            throw new SlurmException((e.NativeErrorCode == 2 ? $"{program} was not found on PATH" : $"{program} cannot be started ({e.Message})") + ": the Slurm backend needs Slurm's client commands (sbatch, squeue, scancel) " +
                "on PATH on the machine that runs the hunt; run it on a login node of the cluster, or use --backend local", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Patience))
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                throw new SlurmException($"{program} did not answer within {Patience.TotalSeconds:0} s; is the Slurm controller up (sinfo)?");
            }
            return (process.ExitCode, stdout.Result, stderr.Result);
        }
    }

    static string OneLine(string s) => string.Join(" ", s.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
