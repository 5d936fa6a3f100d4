using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using InterpLoop.Hunt;
using InterpLoop.Properties.Hunt;

namespace InterpLoop.Properties.Cli;

/// <summary>
/// A real `interploop hunt` process killed with SIGKILL mid-hunt loses nothing it finished: the store opens, the
/// same command resumes from the stored runs, and the result equals that of a hunt never interrupted.
/// </summary>
public class HuntInterruptionTests
{
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    /// <summary>Holds everywhere: the search spends its whole budget less the reproduction reserve, 13 tiny runs.</summary>
    static readonly string Spec = HuntSpecs.Hypothesis("t.cannot_fail", "always visible_pass_rate >= 0");

    /// <summary>
    /// The same relative arguments in every working folder, so the JSON of two hunts in two folders (spec, store and
    /// findings paths, the recorded command) can be compared whole.
    /// </summary>
    static readonly string[] Arguments = { "hunt", "spec.ilspec", "--budget", "16", "--seed", "3", "--store", "runs.db", "--findings", "f", "--json" };

    [Fact]
    public void A_hunt_killed_mid_run_resumes_from_its_store_and_ends_as_an_uninterrupted_one_does()
    {
        using var temp = new TempFolder();
        string killed = Folder(temp, "killed"), untouched = Folder(temp, "untouched");

        // The reference hunt runs alongside the one to be killed (each trains on one thread).
        using var reference = Child.Start(untouched);
        int storedBeforeKill;
        using (var victim = Child.Start(killed))
        {
            var deadline = Stopwatch.StartNew();
            int stored = 0;
            while (stored < 5)
            {
                Assert.False(victim.Process.HasExited, $"the hunt ended before it could be killed:\n{victim.Output}");
                Assert.True(deadline.Elapsed < Patience, $"fewer than 5 runs stored after {Patience}:\n{victim.Output}");
                Thread.Sleep(200);
                // The child opens (and creates) the store before its header line; opening it earlier would race the creation.
                if (victim.Stderr.Contains("hunting t.cannot_fail")) stored = StoredRuns(killed);
            }
            victim.Process.Kill(entireProcessTree: true); // SIGKILL on Linux: no finally blocks, no disposal
            Assert.True(victim.Process.WaitForExit(Patience));
            Assert.Equal("", victim.Stdout); // it did not get to finish
            storedBeforeKill = StoredRuns(killed);
            Assert.InRange(storedBeforeKill, 5, 12);
        }

        var resumed = Child.Run(killed);
        var whole = Child.Run(untouched, reference);
        Assert.Equal(0, Get<int>(whole, "runs_from_store"));
        Assert.Equal("no_counterexample", Get<string>(resumed, "verdict"));
        Assert.Equal(13, Get<int>(resumed, "runs")); // 16 less the 3 runs held back to reproduce a counterexample
        // Every run the killed hunt stored lies on the resumed hunt's path, so each is a hit.
        Assert.InRange(Get<int>(resumed, "runs_from_store"), storedBeforeKill, Get<int>(resumed, "runs"));
        Assert.Equal(storedBeforeKill, Get<int>(resumed, "runs_from_store"));
        Assert.Equal(Without(whole, "runs_from_store"), Without(resumed, "runs_from_store"));
        Assert.Equal(13, StoredRuns(killed));
    }

    static string Folder(TempFolder temp, string name)
    {
        var folder = Directory.CreateDirectory(temp.File(name)).FullName;
        File.WriteAllText(Path.Combine(folder, "spec.ilspec"), Spec);
        return folder;
    }

    static int StoredRuns(string folder)
    {
        using var store = RunStore.Open(Path.Combine(folder, "runs.db"));
        return store.Count;
    }

    static T Get<T>(JsonObject o, string key) => o[key]!.GetValue<T>();

    static string Without(JsonObject o, string key)
    {
        var copy = JsonNode.Parse(o.ToJsonString())!.AsObject();
        copy.Remove(key);
        return copy.ToJsonString();
    }

    /// <summary>`dotnet interploop.dll` with <see cref="Arguments"/> in a folder, its output collected as it comes.</summary>
    sealed class Child : IDisposable
    {
        readonly StringBuilder stdout = new(), stderr = new();

        Child(Process process) => Process = process;

        public Process Process { get; }
        public string Stdout { get { lock (stdout) return stdout.ToString(); } }
        public string Stderr { get { lock (stderr) return stderr.ToString(); } }
        public string Output => $"stdout:\n{Stdout}\nstderr:\n{Stderr}";

        public static Child Start(string folder)
        {
            var (dotnet, dll) = Interploop.Value;
            var info = new ProcessStartInfo(dotnet)
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add(dll);
            foreach (var a in Arguments) info.ArgumentList.Add(a);
            var hunt = new Child(new Process { StartInfo = info });
            hunt.Process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (hunt.stdout) hunt.stdout.AppendLine(e.Data); };
            hunt.Process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (hunt.stderr) hunt.stderr.AppendLine(e.Data); };
            hunt.Process.Start();
            hunt.Process.BeginOutputReadLine();
            hunt.Process.BeginErrorReadLine();
            return hunt;
        }

        /// <summary>Runs a hunt in <paramref name="folder"/> to the end (or waits for <paramref name="started"/>) and returns its one JSON line.</summary>
        public static JsonObject Run(string folder, Child? started = null)
        {
            using var owned = started is null ? Start(folder) : null;
            var hunt = started ?? owned!;
            Assert.True(hunt.Process.WaitForExit(Patience), $"the hunt in {folder} did not finish within {Patience}:\n{hunt.Output}");
            hunt.Process.WaitForExit(); // drains the asynchronous readers
            Assert.True(hunt.Process.ExitCode == 0, $"exit {hunt.Process.ExitCode}:\n{hunt.Output}");
            var line = Assert.Single(hunt.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            return JsonNode.Parse(line)!.AsObject();
        }

        /// <summary>Kills the child if a test failed before it ended: no hunt outlives its test.</summary>
        public void Dispose()
        {
            try { if (!Process.HasExited) Process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { } // never started or already gone
            Process.Dispose();
        }
    }

    /// <summary>
    /// The host and the CLI the test project was built against. The test project references the Cli project, so the
    /// build copies interploop.dll with its runtimeconfig.json and deps.json next to the test assembly. Should an SDK
    /// stop copying a referenced executable's runtimeconfig, fall back to the Cli project's own output for the same
    /// configuration (bin/&lt;Configuration&gt;/&lt;tfm&gt;, mirrored from this assembly's folder), never the other
    /// configuration's, which another build may be rewriting.
    /// </summary>
    static readonly Lazy<(string Dotnet, string Dll)> Interploop = new(() =>
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        if (File.Exists(Path.Combine(here.FullName, "interploop.dll")) && File.Exists(Path.Combine(here.FullName, "interploop.runtimeconfig.json")))
            return (dotnet, Path.Combine(here.FullName, "interploop.dll"));
        string tfm = here.Name, configuration = here.Parent!.Name;
        for (var dir = here; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "InterpLoop.Cli", "bin", configuration, tfm, "interploop.dll");
            if (File.Exists(candidate) && File.Exists(Path.ChangeExtension(candidate, ".runtimeconfig.json"))) return (dotnet, candidate);
        }
        throw new InvalidOperationException($"no interploop.dll with its runtimeconfig.json in {here.FullName} or in src/InterpLoop.Cli/bin/{configuration}/{tfm} above it");
    });
}
