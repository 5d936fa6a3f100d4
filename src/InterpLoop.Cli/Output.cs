using System.Globalization;
using InterpLoop.Engine;
using InterpLoop.Spec.Catalog;
using Spectre.Console;

namespace InterpLoop.Cli;

/// <summary>Human-facing output: progress on stderr (so --json stdout stays clean), tables on stdout.</summary>
internal static class Output
{
    static readonly IAnsiConsole Err = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    public static T WithProgress<T>(string title, Func<IProgress<TrainingProgress>, T> work)
    {
        if (Console.IsErrorRedirected)
        {
            // Plain lines, one per phase change or tenth of a phase, for logs and CI.
            string? lastPhase = null; int lastTenth = -1;
            var plain = new SyncProgress<TrainingProgress>(p =>
            {
                int tenth = p.Steps == 0 ? 10 : 10 * p.Step / p.Steps;
                if (p.Phase == lastPhase && tenth == lastTenth) return;
                (lastPhase, lastTenth) = (p.Phase, tenth);
                Console.Error.WriteLine($"{title}: {p.Phase} {p.Step}/{p.Steps}" + (p.Loss is double l ? $" loss {l:F4}" : ""));
            });
            return work(plain);
        }
        T result = default!;
        // Redrawn from the reports, on the training thread, not by Spectre's refresh thread (LiveStatus says why).
        Err.Progress().AutoClear(true).AutoRefresh(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                result = work(new SyncProgress<TrainingProgress>(p =>
                {
                    if (!tasks.TryGetValue(p.Phase, out var task))
                        tasks[p.Phase] = task = ctx.AddTask($"{title}: {p.Phase}", maxValue: Math.Max(p.Steps, 1));
                    task.Value = p.Step;
                    if (p.Loss is double l) task.Description = $"{title}: {p.Phase} (loss {l:F4})";
                    ctx.Refresh();
                }));
                foreach (var t in tasks.Values) t.Value = t.MaxValue;
            });
        return result;
    }

    public static void PrintResult(RunResult r, TimeSpan elapsed)
    {
        var table = new Table().AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        foreach (var (name, value) in r.Metrics)
            table.AddRow(name, double.IsNaN(value) ? "n/a" : value.ToString("F4", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"outcome: [bold]{r.Outcome}[/]" + (r.StopReason is null ? "" : $" (stopped early: {Markup.Escape(r.StopReason)})"));
        var changed = r.Config.Where(kv => RewardHackingCatalog.Catalog.FindParameter(kv.Key) is { } p && p.Default.ToString() != kv.Value);
        AnsiConsole.MarkupLine($"config: {Markup.Escape(string.Join(" ", changed.Select(kv => $"{kv.Key}={kv.Value}")) is { Length: > 0 } s ? s : "defaults")}, seed {r.Seed}, engine {r.EngineVersion}, {elapsed.TotalSeconds:F1} s");
    }

    public static void PrintCatalog(ScenarioCatalog catalog)
    {
        if (Console.IsOutputRedirected)
        {
            // Unwrapped lines for pipes and files: a table would wrap names at the assumed 80 columns.
            Console.WriteLine($"{catalog.Name} parameters (name, domain, default, meaning):");
            foreach (var p in catalog.Parameters) Console.WriteLine($"  {p.Name}\t{p.DescribeDomain()}\t{p.Default}\t{p.Meaning}");
            Console.WriteLine($"{catalog.Name} metrics (name, range, meaning):");
            foreach (var m in catalog.Metrics) Console.WriteLine($"  {m.Name}\t{m.Range}\t{m.Meaning}");
            return;
        }
        var table = new Table().Title($"{catalog.Name} parameters").AddColumn("name").AddColumn("domain").AddColumn("default").AddColumn("meaning");
        foreach (var p in catalog.Parameters) table.AddRow(p.Name, Markup.Escape(p.DescribeDomain()), p.Default.ToString(), Markup.Escape(p.Meaning));
        AnsiConsole.Write(table);
        var metrics = new Table().Title($"{catalog.Name} metrics").AddColumn("name").AddColumn("range").AddColumn("meaning");
        foreach (var m in catalog.Metrics) metrics.AddRow(m.Name, Markup.Escape(m.Range), Markup.Escape(m.Meaning));
        AnsiConsole.Write(metrics);
    }
}
