using System.Diagnostics;
using System.Globalization;
using InterpLoop.Hunt;
using InterpLoop.Spec;
using Spectre.Console;

namespace InterpLoop.Cli;

/// <summary>
/// A hunt's live progress on stderr: runs done of the budget, the best margin toward a counterexample, the
/// configuration and seed being trained, elapsed time and runs per minute. Plain lines when stderr is not a terminal.
/// </summary>
internal static class HuntDisplay
{
    /// <summary>
    /// A console over <paramref name="writer"/> as it is now (the static AnsiConsole keeps the writer of its first use,
    /// so a command run in-process would print into an earlier caller's writer). Off a terminal, plain text that
    /// never wraps: Spectre would wrap at an assumed 80 columns and split a finding's path across lines.
    /// </summary>
    public static IAnsiConsole ConsoleFor(TextWriter writer)
    {
        var output = new AnsiConsoleOutput(writer);
        if (output.IsTerminal) return AnsiConsole.Create(new AnsiConsoleSettings { Out = output });
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = output, Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 1024;
        return console;
    }

    /// <param name="backend">The backend's own status (a Slurm array job's tasks and runs), appended to the line when it has one.</param>
    public static HuntResult Run(Hypothesis h, HuntOptions options, Func<IProgress<HuntProgress>, HuntResult> hunt, Func<string?>? backend = null)
    {
        var clock = Stopwatch.StartNew();
        string Line(HuntProgress p)
        {
            double minutes = clock.Elapsed.TotalMinutes;
            string rate = minutes > 0 && p.Runs > 0 ? (p.Runs / minutes).ToString("F1", CultureInfo.InvariantCulture) : "–";
            string best = p.BestScore is double b ? b.ToString("+0.000;-0.000", CultureInfo.InvariantCulture) : "–";
            return $"{h.Name}: {p.Phase} · {p.Runs}/{p.Budget} runs · best margin {best} · {p.Configurations} config(s) · " +
                   $"{p.Candidate} seed {p.Seed} · {clock.Elapsed:hh\\:mm\\:ss} · {rate} runs/min" + (backend?.Invoke() is { } status ? $" · {status}" : "");
        }
        string header = $"hunting {h.Name}: {HuntStrategies.Text(options.Strategy)} search, budget {options.Budget} runs, seed {options.Seed}, {h.Trials} seed(s) per configuration";
        return LiveStatus.Run(header, $"{h.Name}: starting", (HuntProgress p) => Line(p), _ => true,
            (HuntResult r) => $"{h.Name}: {HuntVerdicts.Text(r.Verdict)} after {r.Runs} runs in {clock.Elapsed:hh\\:mm\\:ss}", hunt);
    }
}
