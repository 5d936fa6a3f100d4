using Spectre.Console;

namespace InterpLoop.Cli;

/// <summary>
/// Long work's progress on stderr, so --json stdout stays clean: a header, then a spinner line on a terminal, or
/// plain lines (one per report, as a log reads them) and a closing line when stderr is not a terminal.
/// </summary>
internal static class LiveStatus
{
    /// <param name="line">The progress line of a report.</param>
    /// <param name="plainLine">Whether a report gets a plain line of its own off a terminal.</param>
    /// <param name="closing">The closing plain line, from the result.</param>
    public static TResult Run<TProgress, TResult>(string header, string starting, Func<TProgress, string> line, Func<TProgress, bool> plainLine,
        Func<TResult, string> closing, Func<IProgress<TProgress>, TResult> work)
    {
        if (Console.IsErrorRedirected)
        {
            Console.Error.WriteLine(header);
            var result = work(new SyncProgress<TProgress>(p => { if (plainLine(p)) Console.Error.WriteLine(line(p)); }));
            Console.Error.WriteLine(closing(result));
            return result;
        }
        TResult done = default!;
        var err = HuntDisplay.ConsoleFor(Console.Error);
        err.WriteLine(header);
        // Redrawn from the reports, on the working thread, rather than by Spectre's refresh thread: a thread that
        // allocates while a run is inside a TorchSharp call can start the collection that finalizes the call's
        // implicit Scalar (tests/README.md), so nothing else in the process allocates while it trains.
        err.Status().AutoRefresh(false).Spinner(Spinner.Known.Dots).Start(starting, ctx =>
        {
            ctx.Refresh();
            done = work(new SyncProgress<TProgress>(p => { ctx.Status(Markup.Escape(line(p))); ctx.Refresh(); }));
        });
        return done;
    }
}
