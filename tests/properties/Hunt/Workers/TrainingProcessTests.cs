using System.Diagnostics;
using InterpLoop.Hunt.Workers;

namespace InterpLoop.Properties.Hunt.Workers;

/// <summary>A training child process is started without tiered compilation, unless the user chose otherwise.</summary>
public class TrainingProcessTests
{
    [Fact]
    public void A_child_runs_with_tiered_compilation_off_and_a_users_setting_is_kept()
    {
        string? before = Environment.GetEnvironmentVariable(TrainingProcess.TieredCompilation);
        try
        {
            Environment.SetEnvironmentVariable(TrainingProcess.TieredCompilation, null);
            Assert.Equal("0", Seen(TrainingProcess.Configure(Shell())));
            Environment.SetEnvironmentVariable(TrainingProcess.TieredCompilation, "1");
            Assert.Equal("1", Seen(TrainingProcess.Configure(Shell())));
        }
        finally { Environment.SetEnvironmentVariable(TrainingProcess.TieredCompilation, before); }
    }

    static ProcessStartInfo Shell()
    {
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"printf %s \"${TrainingProcess.TieredCompilation}\"");
        return info;
    }

    /// <summary>The value the started process sees.</summary>
    static string Seen(ProcessStartInfo info)
    {
        using var process = Process.Start(info)!;
        string seen = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return seen;
    }
}
