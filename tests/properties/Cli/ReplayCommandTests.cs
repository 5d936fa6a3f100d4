using System.Text.Json.Nodes;
using InterpLoop.Cli;
using InterpLoop.Engine.RewardHacking;
using InterpLoop.Hunt;
using InterpLoop.Properties.Hunt;

namespace InterpLoop.Properties.Cli;

/// <summary>`interploop replay` in-process: 0 when findings reproduce, 1 with the difference when not, bad files reported without stopping the rest.</summary>
[Collection(nameof(ConsoleCollection))]
public class ReplayCommandTests
{
    /// <summary>Recorded once: tiny runs on seeds 0 and 1, so a faithful finding reproduces exactly.</summary>
    static readonly Lazy<Finding> Recorded = new(() => FindingSamples.Recorded(new RewardHackingScenario(), TinyRuns.Assignments(), 0, 1));

    static (int Exit, string Out, string Err) Invoke(params string[] args) => CliProcess.Invoke(args);

    [Fact]
    public void A_faithful_finding_reproduces_and_a_second_replay_comes_from_the_run_store()
    {
        using var temp = new TempFolder();
        var path = FindingFile.Write(temp.File("good.json"), Recorded.Value).ReplayCommand["interploop replay ".Length..];
        var store = temp.File("runs.db");

        var (exit, stdout, stderr) = Invoke("replay", path, "--store", store);
        Assert.True(exit == CommandLine.Success, stdout + stderr);
        Assert.Contains($"{path}: reproduces", stdout);
        Assert.Contains("seed 0", stderr); // progress

        (exit, stdout, _) = Invoke("replay", path, "--store", store);
        Assert.Equal(CommandLine.Success, exit);
        Assert.Contains("2 from the run store", stdout);
    }

    [Fact]
    public void A_finding_whose_recorded_outcome_is_wrong_exits_1_and_shows_the_difference()
    {
        using var temp = new TempFolder();
        var finding = Recorded.Value;
        var actual = finding.Runs[0].Outcome;
        var wrong = actual == "degenerate" ? "honest" : "degenerate";
        var runs = finding.Runs.ToList();
        runs[0] = runs[0] with { Outcome = wrong };
        var path = temp.File("wrong.json");
        FindingFile.Write(path, finding with { Runs = runs });

        var (exit, stdout, stderr) = Invoke("replay", path, "--store", temp.File("runs.db"));
        Assert.True(exit == CommandLine.Failure, stdout + stderr);
        Assert.Contains($"{path}: CHANGED", stdout);
        Assert.Contains($"seed 0: outcome: {wrong} -> {actual}", stdout);
        Assert.DoesNotContain("seed 1:", stdout);
    }

    [Fact]
    public void A_changed_metric_is_named_with_its_old_and_new_value()
    {
        using var temp = new TempFolder();
        var finding = Recorded.Value;
        var runs = finding.Runs.ToList();
        var metrics = new Dictionary<string, double>(runs[1].Metrics) { ["hack_rate"] = runs[1].Metrics["hack_rate"] + 0.25 };
        runs[1] = runs[1] with { Metrics = metrics };
        var path = temp.File("drift.json");
        FindingFile.Write(path, finding with { Runs = runs });

        var (exit, stdout, _) = Invoke("replay", path, "--no-store");
        Assert.Equal(CommandLine.Failure, exit);
        Assert.Contains($"seed 1: hack_rate: {metrics["hack_rate"]:R} -> {finding.Runs[1].Metrics["hack_rate"]:R}", stdout);
    }

    [Fact]
    public void A_malformed_finding_is_reported_and_the_good_one_still_replays()
    {
        using var temp = new TempFolder();
        var good = temp.File("good.json");
        FindingFile.Write(good, Recorded.Value);
        var bad = temp.File("bad.json");
        var text = File.ReadAllText(good);
        File.WriteAllText(bad, text[..(text.Length / 3)]);

        var (exit, stdout, stderr) = Invoke("replay", bad, good, "--store", temp.File("runs.db"));
        Assert.Equal(CommandLine.Failure, exit);
        Assert.Contains($"error: {bad} at line ", stderr);
        Assert.Contains("truncated", stderr);
        Assert.Contains($"{good}: reproduces", stdout);
        Assert.Contains("2 finding(s): 1 reproduce, 0 changed, 1 invalid", stdout);
    }

    [Fact]
    public void Json_output_has_a_status_per_finding_and_per_seed()
    {
        using var temp = new TempFolder();
        var good = temp.File("good.json");
        FindingFile.Write(good, Recorded.Value);
        var missing = temp.File("missing.json");

        var (exit, stdout, _) = Invoke("replay", good, missing, "--json", "--store", temp.File("runs.db"));
        Assert.Equal(CommandLine.Failure, exit);
        var json = JsonNode.Parse(stdout)!.AsObject();
        Assert.Equal(1, json["reproduced"]!.GetValue<int>());
        Assert.Equal(1, json["invalid"]!.GetValue<int>());
        var findings = json["findings"]!.AsArray();
        Assert.Equal("reproduces", findings[0]!["status"]!.GetValue<string>());
        Assert.Equal(2, findings[0]!["seeds"]!.AsArray().Count);
        Assert.True(findings[0]!["seeds"]![0]!["reproduces"]!.GetValue<bool>());
        Assert.Equal("invalid", findings[1]!["status"]!.GetValue<string>());
        Assert.Equal($"{missing}: no such file", findings[1]!["errors"]![0]!.GetValue<string>());
    }

    [Fact]
    public void A_corrupt_run_store_exits_1_naming_the_file()
    {
        using var temp = new TempFolder();
        var good = temp.File("good.json");
        FindingFile.Write(good, FindingSamples.Synthetic());
        var store = temp.File("runs.db");
        File.WriteAllText(store, new string('?', 8192));

        var (exit, _, stderr) = Invoke("replay", good, "--store", store);
        Assert.Equal(CommandLine.Failure, exit);
        Assert.Contains($"run store '{store}' is corrupt or not a SQLite database", stderr);
    }

    [Fact]
    public void No_finding_is_a_usage_error() => Assert.Equal(CommandLine.UsageError, Invoke("replay").Exit);

    [Fact]
    public void Store_and_no_store_together_are_a_usage_error() =>
        Assert.Equal(CommandLine.UsageError, Invoke("replay", "x.json", "--store", "a.db", "--no-store").Exit);
}
