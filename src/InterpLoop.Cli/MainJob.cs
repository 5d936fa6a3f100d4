using System.CommandLine;

namespace InterpLoop.Cli;

/// <summary>
/// `interploop` with no command: the main job. Checks the built-in hypothesis library (spec/), hunts every hypothesis
/// within its spec's budget on every core, prints the verdict table and writes the report. The run store makes a
/// second run fast; the exit code is 1 only when a verdict contradicts a status the library records.
/// </summary>
internal static class MainJob
{
    public const string Library = "spec";
    public static readonly string DefaultReport = Path.Combine(".interploop", "report.md");

    public static void AddTo(RootCommand root)
    {
        var options = HuntArguments.AddTo(root, defaultJobs: Math.Max(1, Environment.ProcessorCount), defaultReport: DefaultReport);
        root.SetAction((parse, cancellation) =>
        {
            if (!Directory.Exists(Library))
            {
                Console.Error.WriteLine($"error: no {Library}/ folder here ({Directory.GetCurrentDirectory()}); run interploop from the repository root, " +
                    "or hunt a library elsewhere with `interploop hunt FOLDER`");
                return Task.FromResult(CommandLine.UsageError);
            }
            return Task.FromResult(HuntCommand.Execute(new[] { Library }, options.Read(parse), statusMode: true, cancellation));
        });
    }
}
