using System.Text.Json.Nodes;
using InterpLoop.Cli;

namespace InterpLoop.Properties.Cli;

/// <summary>`interploop bench reuse` in-process: the second run reuses the first one's prelude, so it has no pretraining or probe phase.</summary>
[Collection(nameof(ConsoleCollection))]
public class BenchReuseCommandTests
{
    [Fact]
    public void The_second_run_skips_pretraining_and_probe_fitting()
    {
        var (exit, stdout, _) = CliProcess.Invoke("bench", "reuse", "--json", "--set", "steps=3", "--set", "reference.steps=10",
            "--set", "eval.problems=16", "--set", "model.hidden=8");
        Assert.Equal(CommandLine.Success, exit);
        var runs = JsonNode.Parse(stdout)!["runs"]!.AsArray();
        var phases = runs.Select(r => r!["phases"]!.AsObject().Select(p => p.Key).ToList()).ToList();
        Assert.Equal(new[] { "pretrain", "probe", "rl", "eval" }, phases[0]);
        Assert.Equal(new[] { "rl", "eval" }, phases[1]);
    }
}
