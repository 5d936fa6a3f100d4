using System.CommandLine;

namespace InterpLoop.Cli;

/// <summary>The `interploop` command tree. Exit codes: 0 success, 1 spec error or refuted claim, 2 usage error.</summary>
public static class CommandLine
{
    public const int Success = 0, Failure = 1, UsageError = 2;

    public static RootCommand Build()
    {
        var root = new RootCommand("InterpLoop: state hypotheses about interpretability-in-the-loop training, hunt counterexamples, lock findings.\n" +
            "With no command, the main job: hunt every hypothesis of spec/ (the options below), print the verdict table and write the report.");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(HuntCommand.Create());
        root.Subcommands.Add(AtlasCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(WorkerCommand.Create());
        MainJob.AddTo(root);
        return root;
    }

    /// <summary>Parses and invokes; a malformed command line prints its errors and exits 2.</summary>
    public static int Run(this RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine($"error: {error.Message}");
            Console.Error.WriteLine("Run 'interploop --help' for usage.");
            return UsageError;
        }
        return parse.Invoke();
    }
}
