using System.Diagnostics;
using InterpLoop.Hunt.Atlas;
using Spectre.Console;

namespace InterpLoop.Cli.Atlas;

/// <summary>
/// An atlas' live progress on stderr: cells done of all, runs done of all, the cell and seed being run and the
/// elapsed time. A spinner line on a terminal; plain lines, one per run, when stderr is not a terminal.
/// </summary>
internal static class AtlasDisplay
{
    public static AtlasResult Run(string name, int cells, int runs, Func<IProgress<AtlasProgress>, AtlasResult> atlas)
    {
        var clock = Stopwatch.StartNew();
        string Line(AtlasProgress p) =>
            $"{name}: cell {p.CellsDone}/{p.Cells} · run {p.RunsDone}/{p.Runs} · {p.Current} seed {p.Seed} · {clock.Elapsed:hh\\:mm\\:ss}";
        string header = $"atlas of {name}: {cells} cells, {runs} runs";
        if (Console.IsErrorRedirected)
        {
            Console.Error.WriteLine(header);
            var result = atlas(new SyncProgress(p => { if (p.Current != "done") Console.Error.WriteLine(Line(p)); }));
            Console.Error.WriteLine($"{name}: {result.Cells.Count} cells, {result.Runs} runs in {clock.Elapsed:hh\\:mm\\:ss}");
            return result;
        }
        AtlasResult done = null!;
        var err = HuntDisplay.ConsoleFor(Console.Error);
        err.WriteLine(header);
        err.Status().Spinner(Spinner.Known.Dots).Start($"{name}: starting", ctx =>
        {
            done = atlas(new SyncProgress(p => ctx.Status(Markup.Escape(Line(p)))));
        });
        return done;
    }

    /// <summary>Reports on the calling thread; Progress&lt;T&gt; would post to the thread pool and reorder lines.</summary>
    sealed class SyncProgress(Action<AtlasProgress> report) : IProgress<AtlasProgress>
    {
        public void Report(AtlasProgress value) => report(value);
    }
}
