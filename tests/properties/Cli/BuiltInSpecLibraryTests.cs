using InterpLoop.Cli;

namespace InterpLoop.Properties.Cli;

/// <summary>`interploop check spec/` and `bench/` are clean: the built-in and the planted hypotheses always check.</summary>
[Collection(nameof(ConsoleCollection))]
public class BuiltInSpecLibraryTests
{
    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "InterpLoop.sln"))) return dir.FullName;
        throw new InvalidOperationException("InterpLoop.sln not found above " + AppContext.BaseDirectory);
    }

    [Theory]
    [InlineData("spec")]
    [InlineData("bench")]
    public void The_spec_folder_checks_clean(string folder)
    {
        var spec = Path.Combine(RepositoryRoot(), folder);
        Assert.NotEmpty(Directory.GetFiles(spec, "*.ilspec"));
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        Console.SetOut(stdout); Console.SetError(stderr);
        int exit;
        try { exit = CommandLine.Build().Run(new[] { "check", spec }); }
        finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
        Assert.True(exit == CommandLine.Success, stdout.ToString() + stderr);
        Assert.Contains("no problems", stdout.ToString());
    }
}
