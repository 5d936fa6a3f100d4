using System.Diagnostics;

namespace InterpLoop.Properties.Slurm;

/// <summary>
/// The single-node Slurm cluster of tests/slurm/cluster.sh, started once per test process (installing slurm-wlm and
/// munge with apt-get when missing) and stopped at the end of the Slurm tests if this process started it.
/// <see cref="SkipReason"/> is why it could not start: the only reason a Slurm test is skipped.
/// </summary>
public sealed class SlurmCluster : IDisposable
{
    static readonly Lazy<(bool Started, string? SkipReason)> Start = new(StartOnce);

    public static string? SkipReason => Start.Value.SkipReason;

    public SlurmCluster() => _ = Start.Value;

    public void Dispose()
    {
        if (Start.IsValueCreated && Start.Value.Started) Script("stop", TimeSpan.FromMinutes(1));
    }

    static (bool, string?) StartOnce()
    {
        if (!OperatingSystem.IsLinux()) return (false, "the Slurm test cluster runs on Linux only");
        if (Script("start", TimeSpan.FromMinutes(10)) is not { } result) return (false, "tests/slurm/cluster.sh was not found above the test folder");
        if (result.Exit != 0) return (false, $"tests/slurm/cluster.sh start failed (exit {result.Exit}): {result.Output.Trim()}");
        return (result.Output.TrimEnd().EndsWith("started", StringComparison.Ordinal), null);
    }

    static (int Exit, string Output)? Script(string verb, TimeSpan patience)
    {
        var script = Find();
        if (script is null) return null;
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(verb);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(patience))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"did not finish within {patience}");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "slurm", "cluster.sh");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}

/// <summary>The Slurm tests share one cluster, started before the first and stopped after the last.</summary>
[CollectionDefinition(nameof(SlurmCollection), DisableParallelization = true)]
public class SlurmCollection : ICollectionFixture<SlurmCluster>;
