using System.Text.Json.Nodes;
using InterpLoop.Cli;
using InterpLoop.Spec.Catalog;

namespace InterpLoop.Properties.Cli;

/// <summary>`interploop run` in-process: usage errors exit 2 with a hint; --json has every metric and knob.</summary>
[Collection(nameof(ConsoleCollection))]
public class RunCommandTests
{
    static (int Exit, string Out, string Err) Invoke(params string[] args) => CliProcess.Invoke(args);

    [Fact]
    public void An_unknown_parameter_exits_2_naming_the_nearest_one()
    {
        var (exit, _, err) = Invoke("run", "--set", "penalty.wieght=2");
        Assert.Equal(CommandLine.UsageError, exit);
        Assert.Contains("error IL0003: unknown parameter 'penalty.wieght'", err);
        Assert.Contains("did you mean 'penalty.weight'", err);
    }

    [Fact]
    public void A_value_outside_the_domain_exits_2_naming_the_domain()
    {
        var (exit, _, err) = Invoke("run", "--set", "penalty.route=gradients");
        Assert.Equal(CommandLine.UsageError, exit);
        Assert.Contains("error IL0007: penalty.route = gradients is outside its domain", err);
        Assert.Contains("one of { none, reward, through_probe }", err);
    }

    [Fact]
    public void A_malformed_command_line_exits_2() =>
        Assert.Equal(CommandLine.UsageError, Invoke("run", "--seed", "not-a-number").Exit);

    [Fact]
    public void Json_output_has_outcome_every_metric_every_knob_and_the_seed()
    {
        var (exit, stdout, _) = Invoke("run", "--json", "--seed", "3", "--set", "steps=5", "--set", "reference.steps=20",
            "--set", "eval.problems=64", "--set", "model.hidden=8", "--set", "penalty.route=through_probe");
        Assert.Equal(CommandLine.Success, exit);
        var json = JsonNode.Parse(stdout)!.AsObject();
        Assert.Contains(json["outcome"]!.GetValue<string>(), new[] { "degenerate", "honest", "blatant", "obfuscated_policy", "obfuscated_activations" });
        Assert.Equal(3, json["seed"]!.GetValue<long>());
        var catalog = RewardHackingCatalog.Catalog;
        var metrics = json["metrics"]!.AsObject();
        foreach (var m in catalog.Metrics.Where(m => !m.IsSymbolic)) Assert.True(metrics.ContainsKey(m.Name), $"metric {m.Name} missing");
        var config = json["config"]!.AsObject();
        foreach (var p in catalog.Parameters) Assert.True(config.ContainsKey(p.Name), $"knob {p.Name} missing");
        Assert.Equal("through_probe", config["penalty.route"]!.GetValue<string>());
        Assert.Equal(5, config["steps"]!.GetValue<double>());
    }

    [Fact]
    public void List_prints_every_parameter()
    {
        var (exit, stdout, _) = Invoke("run", "--list");
        Assert.Equal(CommandLine.Success, exit);
        foreach (var p in RewardHackingCatalog.Catalog.Parameters) Assert.Contains(p.Name, stdout);
    }
}
