using InterpLoop.Cli;

namespace InterpLoop.Properties.Cli;

/// <summary>Runs the `interploop` command tree in-process with the console captured.</summary>
internal static class CliProcess
{
    public static (int Exit, string Out, string Err) Invoke(params string[] args)
    {
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        Console.SetOut(stdout); Console.SetError(stderr);
        try { return (CommandLine.Build().Run(args), stdout.ToString(), stderr.ToString()); }
        finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
    }
}

/// <summary>Tests that redirect the process-wide console must not run in parallel with each other.</summary>
[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public class ConsoleCollection;
