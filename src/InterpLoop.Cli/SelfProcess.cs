using System.Diagnostics;

namespace InterpLoop.Cli;

/// <summary>
/// How to start this same `interploop` as a child process: its app host when that is what runs, otherwise the
/// dotnet host with interploop.dll (under `dotnet interploop.dll`, or when a test host runs the command tree in-process).
/// </summary>
internal static class SelfProcess
{
    /// <summary>The program and first arguments that start this `interploop` (for a script run elsewhere, such as a Slurm task).</summary>
    public static IReadOnlyList<string> Command()
    {
        var info = StartInfo(Array.Empty<string>());
        return new[] { Path.GetFullPath(info.FileName) is var f && File.Exists(f) ? f : info.FileName }.Concat(info.ArgumentList).ToList();
    }

    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var host = Environment.ProcessPath;
        ProcessStartInfo info;
        if (host is not null && Path.GetFileNameWithoutExtension(host) == "interploop") info = new ProcessStartInfo(host);
        else
        {
            string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h
                : host is not null && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
            info = new ProcessStartInfo(dotnet);
            info.ArgumentList.Add(typeof(CommandLine).Assembly.Location);
        }
        foreach (var a in arguments) info.ArgumentList.Add(a);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        return info;
    }
}
