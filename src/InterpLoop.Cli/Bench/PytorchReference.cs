using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace InterpLoop.Cli.Bench;

/// <summary>One run of the PyTorch eager reference: wall seconds per phase (pretrain, probe, rl, eval, in that order), the total, and its metrics.</summary>
/// <param name="Metrics">The engine's metric names; NaN where the script reported null (recall without hacks).</param>
/// <param name="LoadAverage">The machine's one-minute load average when the run started (NaN when the script did not say).</param>
internal sealed record PytorchRun(
    long Seed,
    IReadOnlyList<KeyValuePair<string, double>> PhaseSeconds,
    double TotalSeconds,
    IReadOnlyDictionary<string, double> Metrics,
    string Outcome,
    string? StopReason,
    double LoadAverage)
{
    /// <summary>A phase's wall seconds, or NaN when the run has no such phase.</summary>
    public double Phase(string name)
    {
        foreach (var (phase, seconds) in PhaseSeconds)
            if (phase == name) return seconds;
        return double.NaN;
    }
}

/// <summary>
/// What `bench/pytorch/run.sh --runs K --json --threads T` reported: the torch version and threads it ran with,
/// each run in seed order, and the wall time of the whole child process (apt, the BLAS check and Python's start included).
/// </summary>
internal sealed record PytorchReferenceReport(string TorchVersion, int Threads, IReadOnlyList<PytorchRun> Runs, double ProcessWallSeconds, string Script)
{
    /// <summary>The median of the runs' total seconds (each run timed inside the script, from its first phase to its last).</summary>
    public double MedianTotalSeconds => Median(Runs.Select(r => r.TotalSeconds));

    /// <summary>The sum of the runs' total seconds: K sequential runs, as a researcher would run K configurations one after another.</summary>
    public double SumTotalSeconds => Runs.Sum(r => r.TotalSeconds);

    /// <summary>The median of one phase's seconds over the runs.</summary>
    public double MedianPhaseSeconds(string phase) => Median(Runs.Select(r => r.Phase(phase)));

    static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).OrderBy(v => v).ToArray();
        if (sorted.Length == 0) return double.NaN;
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}

/// <summary>The reference's report, or why there is none (a message for the user, never a stack trace).</summary>
internal sealed record PytorchReferenceResult(PytorchReferenceReport? Report, string? Error)
{
    public bool Succeeded => Report is not null;
    public static PytorchReferenceResult Failed(string error) => new(null, error);
}

/// <summary>
/// Runs the PyTorch eager reference of the default reward_hacking run (bench/pytorch/reward_hacking.py, through
/// bench/pytorch/run.sh, which installs Debian's python3-torch and OpenBLAS with apt when missing and refuses the
/// reference BLAS) as a child process, passes its stderr progress through line by line, and parses its JSON.
/// Writes nothing to the console itself; the only output is the child's stderr, to <c>stderrLine</c>
/// (by default this process' stderr).
/// </summary>
internal static class PytorchReference
{
    /// <summary>The script's path relative to the repository root.</summary>
    public const string ScriptRelativePath = "bench/pytorch/run.sh";

    /// <summary>run.sh's exit code when python3-torch or OpenBLAS is missing and apt could not install it.</summary>
    const int InstallFailed = 3;

    /// <summary>run.sh's exit code when torch does not use OpenBLAS.</summary>
    const int NotOpenBlas = 4;

    /// <summary>How many of the child's last stderr lines an error quotes.</summary>
    const int QuotedLines = 8;

    /// <summary>
    /// Runs <paramref name="runs"/> sequential reference runs, seeds <paramref name="seed"/> .. seed + runs − 1, with
    /// <paramref name="threads"/> torch threads (null: the script's default, the core count).
    /// </summary>
    /// <param name="script">run.sh's path; null finds it by walking up from the current directory and from the app's directory.</param>
    /// <param name="stderrLine">Receives each line the child writes to stderr; null writes it to this process' stderr.</param>
    public static PytorchReferenceResult Run(int runs, int? threads = null, long seed = 0, string? script = null,
        Action<string>? stderrLine = null, CancellationToken cancellation = default)
    {
        if (runs < 1) return PytorchReferenceResult.Failed($"--runs must be at least 1 (got {runs})");
        if (threads is < 1) return PytorchReferenceResult.Failed($"--threads must be at least 1 (got {threads})");
        script ??= FindScript();
        if (script is null)
            return PytorchReferenceResult.Failed(
                $"the PyTorch reference script {ScriptRelativePath} was not found above {Directory.GetCurrentDirectory()} " +
                $"or {AppContext.BaseDirectory}; run from inside an InterpLoop checkout");
        if (!File.Exists(script)) return PytorchReferenceResult.Failed($"the PyTorch reference script {script} does not exist");

        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(script)!,
        };
        info.ArgumentList.Add(script);
        foreach (var a in Arguments(runs, threads, seed)) info.ArgumentList.Add(a);

        var tail = new Queue<string>();
        var write = stderrLine ?? (line => Console.Error.WriteLine(line));
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = info };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (tail)
            {
                tail.Enqueue(e.Data);
                if (tail.Count > QuotedLines) tail.Dequeue();
            }
            write(e.Data);
        };
        try
        {
            if (!process.Start()) return PytorchReferenceResult.Failed("could not start bash to run the PyTorch reference");
        }
        catch (Win32Exception e)
        {
            return PytorchReferenceResult.Failed($"could not start bash to run the PyTorch reference: {e.Message}");
        }
        process.BeginErrorReadLine();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        using (cancellation.Register(() => Kill(process)))
        {
            process.WaitForExit();   // also waits for the stderr reader to reach end of stream
        }
        string output = stdout.GetAwaiter().GetResult();
        clock.Stop();
        if (cancellation.IsCancellationRequested) return PytorchReferenceResult.Failed("the PyTorch reference was cancelled");

        string quoted;
        lock (tail) quoted = tail.Count == 0 ? "" : ":\n  " + string.Join("\n  ", tail);
        switch (process.ExitCode)
        {
            case 0: break;
            case InstallFailed:
                return PytorchReferenceResult.Failed($"the PyTorch reference needs Debian's python3-torch and libopenblas0-pthread, and installing them failed{quoted}");
            case NotOpenBlas:
                return PytorchReferenceResult.Failed($"the PyTorch reference refused to run: torch does not use OpenBLAS{quoted}");
            default:
                return PytorchReferenceResult.Failed($"the PyTorch reference ({script}) exited with code {process.ExitCode}{quoted}");
        }
        return Parse(output, clock.Elapsed.TotalSeconds, script);
    }

    /// <summary>The arguments run.sh passes through to reward_hacking.py.</summary>
    internal static IReadOnlyList<string> Arguments(int runs, int? threads, long seed)
    {
        var args = new List<string> { "--runs", runs.ToString(CultureInfo.InvariantCulture), "--seed", seed.ToString(CultureInfo.InvariantCulture), "--json" };
        if (threads is int t) args.AddRange(new[] { "--threads", t.ToString(CultureInfo.InvariantCulture) });
        return args;
    }

    /// <summary>bench/pytorch/run.sh in the nearest directory at or above the current directory, else above the app's directory; null if neither has one.</summary>
    public static string? FindScript()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "bench", "pytorch", "run.sh");
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    /// <summary>Reads the script's --json output: {"torch_version", "threads", "runs": [{"seed", "phases", "total_seconds", "metrics", "outcome", "stop_reason"}]}.</summary>
    internal static PytorchReferenceResult Parse(string json, double processWallSeconds, string script)
    {
        try
        {
            using var doc = JsonDocument.Parse(json.Trim());
            var root = doc.RootElement;
            var runs = new List<PytorchRun>();
            foreach (var r in root.GetProperty("runs").EnumerateArray())
            {
                var phases = r.GetProperty("phases").EnumerateObject()
                    .Select(p => KeyValuePair.Create(p.Name, p.Value.GetDouble())).ToList();
                var metrics = r.GetProperty("metrics").EnumerateObject()
                    .ToDictionary(m => m.Name, m => m.Value.ValueKind == JsonValueKind.Number ? m.Value.GetDouble() : double.NaN);
                string? stop = r.TryGetProperty("stop_reason", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
                double load = r.TryGetProperty("load_average", out var l) && l.ValueKind == JsonValueKind.Number ? l.GetDouble() : double.NaN;
                runs.Add(new PytorchRun(r.GetProperty("seed").GetInt64(), phases, r.GetProperty("total_seconds").GetDouble(),
                    metrics, r.GetProperty("outcome").GetString() ?? "", stop, load));
            }
            if (runs.Count == 0) return PytorchReferenceResult.Failed("the PyTorch reference reported no runs");
            return new PytorchReferenceResult(new PytorchReferenceReport(root.GetProperty("torch_version").GetString() ?? "",
                root.GetProperty("threads").GetInt32(), runs, processWallSeconds, script), null);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            string text = json.Trim(), start = text.Length > 200 ? text[..200] + "…" : text;
            return PytorchReferenceResult.Failed($"the PyTorch reference's output is not the JSON expected ({e.Message}): {start}");
        }
    }

    static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { }
        catch (Win32Exception) { }
    }
}
