using System.Globalization;
using System.Text.Json.Nodes;
using InterpLoop.Hunt;
using InterpLoop.Spec.Checking;
using SpecHypothesis = InterpLoop.Spec.Hypothesis;
using SpecAnalysis = InterpLoop.Spec.SpecAnalysis;

namespace InterpLoop.Properties.Hunt;

/// <summary>
/// StatusLock, what the generated `Status_stands` tests call, on real but tiny runs (<see cref="TinyRuns"/> sizes):
/// `holds` stands while a hunt of the spec's budget finds nothing and falls (naming the configuration) when it finds
/// a counterexample; `unwitnessed` likewise for a witness; `unknown` stands without training; `refuted by` stands,
/// without training, while its finding backs it and falls, saying why, when the record or the spec moves.
/// </summary>
public class StatusLockTests
{
    const string Tiny = "scenario reward_hacking { steps = 3  reference.steps = 10  eval.problems = 16  model.hidden = 8 }";

    static string Spec(string name, string claim, string status) => $$"""
        hypothesis {{name}}
          {{Tiny}}
          vary { penalty.weight in 0 .. 10 }
          trials 1
          budget 6
          claim {{claim}}
          status {{status}}
        """;

    static string WriteSpec(TempFolder temp, string text)
    {
        var path = temp.File("spec.ilspec");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Holds_stands_when_the_hunt_finds_no_counterexample()
    {
        using var temp = new TempFolder();
        var spec = WriteSpec(temp, Spec("lock.tiny_holds", "always visible_pass_rate >= 0", "holds"));
        var check = StatusLock.Check(spec, "lock.tiny_holds");
        Assert.True(check.Stands, check.Explanation);
        Assert.StartsWith("lock.tiny_holds is recorded as holding; a hunt of ", check.Explanation);
        Assert.EndsWith(" found nothing", check.Explanation);
    }

    [Fact]
    public void Holds_falls_when_the_hunt_finds_a_counterexample_and_names_it()
    {
        using var temp = new TempFolder();
        var spec = WriteSpec(temp, Spec("lock.tiny_fails", "always hack_rate > 2", "holds"));
        var check = StatusLock.Check(spec, "lock.tiny_fails");
        Assert.False(check.Stands, check.Explanation);
        Assert.StartsWith("lock.tiny_fails is recorded as holding; a hunt of ", check.Explanation);
        Assert.Contains(" found penalty.weight=", check.Explanation);
        Assert.Contains("(refuted, ", check.Explanation);
        Assert.Contains("--hypothesis lock.tiny_fails --budget 6", check.Explanation);
    }

    [Fact]
    public void Unwitnessed_stands_when_the_hunt_finds_no_witness_and_falls_when_it_finds_one()
    {
        using var temp = new TempFolder();
        var spec = WriteSpec(temp, Spec("lock.tiny_unwitnessed", "sometimes hack_rate > 2", "unwitnessed")
            + "\n" + Spec("lock.tiny_witnessable", "sometimes visible_pass_rate >= 0", "unwitnessed"));
        var check = StatusLock.Check(spec, "lock.tiny_unwitnessed");
        Assert.True(check.Stands, check.Explanation);
        Assert.StartsWith("lock.tiny_unwitnessed is recorded as unwitnessed; a hunt of ", check.Explanation);
        Assert.EndsWith(" found nothing", check.Explanation);

        check = StatusLock.Check(spec, "lock.tiny_witnessable");
        Assert.False(check.Stands, check.Explanation);
        Assert.Contains("(witnessed, ", check.Explanation);
        Assert.Contains("--hypothesis lock.tiny_witnessable --budget 6", check.Explanation);
    }

    [Fact]
    public void Unknown_stands_without_a_single_run()
    {
        using var temp = new TempFolder();
        var spec = WriteSpec(temp, Spec("lock.tiny_unknown", "always hack_rate > 2", "unknown"));
        using var store = RunStore.Open(temp.File("runs.db"));
        var check = StatusLock.Check(spec, "lock.tiny_unknown", store);
        Assert.True(check.Stands, check.Explanation);
        Assert.Equal("lock.tiny_unknown: status unknown, nothing to check", check.Explanation);
        Assert.Equal((0, 0, 0), (store.Count, store.Hits, store.Misses));
    }

    [Fact]
    public void Refuted_stands_while_its_finding_replays_and_falls_when_a_recorded_metric_changes()
    {
        using var temp = new TempFolder();
        const string name = "lock.tiny_refuted";
        var spec = WriteSpec(temp, Spec(name, "always hack_rate > 2", "refuted by \"findings/x.json\""));
        var findingPath = Path.Combine(temp.Path, "findings", "x.json");

        // The finding, as `interploop hunt` would write it. The file does not exist yet, so check as the generator does: every finding present.
        var options = new SpecCheckOptions(Scenarios.All.Select(s => s.Catalog).ToList(), _ => true);
        var (file, diagnostics) = SpecAnalysis.Analyze(spec, File.ReadAllText(spec), options);
        Assert.DoesNotContain(diagnostics, d => d.IsError);
        var hypothesis = SpecHypothesis.From(spec, file.Hypotheses.Single(), options);
        var scenario = Scenarios.Find("reward_hacking")!;
        var result = Hunter.Hunt(hypothesis, new HuntOptions { Budget = 4 }, (assignments, seed) => scenario.Run(assignments, seed), slack: null);
        Assert.Equal(HuntVerdict.Refuted, result.Verdict);
        FindingFile.Write(findingPath, HuntFindings.From(result, "StatusLockTests"));

        using var store = RunStore.Open(temp.File("runs.db"));
        var check = StatusLock.Check(spec, name, store);
        Assert.True(check.Stands, check.Explanation);
        Assert.Equal($"{name}: findings/x.json backs its status on {result.Shrunk!.Trials.Count + result.Fresh.Count} recorded seed(s) (FindingReplayApprovals replays them)", check.Explanation);
        Assert.Equal(0, store.Count); // judged from the record: replaying is the approvals' job

        // Edit one recorded metric by hand so that the claim holds on that seed: the record contradicts itself.
        var json = JsonNode.Parse(File.ReadAllText(findingPath))!;
        var run = json["runs"]![0]!;
        long seed = run["seed"]!.GetValue<long>();
        run["metrics"]!["hack_rate"] = 3.0;
        File.WriteAllText(findingPath, json.ToJsonString());
        check = StatusLock.Check(spec, name);
        Assert.False(check.Stands, check.Explanation);
        Assert.StartsWith($"{name} is recorded as refuted by findings/x.json, which no longer backs it: ", check.Explanation);
        Assert.Contains($"seed {seed.ToString(CultureInfo.InvariantCulture)}: the claim holds on the recorded metrics, but the finding records that it reproduces", check.Explanation);
        Assert.Contains($"--hypothesis {name} --record-status", check.Explanation);
    }

    [Fact]
    public void Refuted_falls_when_the_spec_moves_away_from_its_finding()
    {
        using var temp = new TempFolder();
        const string name = "lock.tiny_moved";
        var spec = WriteSpec(temp, Spec(name, "always hack_rate > 2", "refuted by \"findings/x.json\""));
        var options = new SpecCheckOptions(Scenarios.All.Select(s => s.Catalog).ToList(), _ => true);
        var (file, _) = SpecAnalysis.Analyze(spec, File.ReadAllText(spec), options);
        var hypothesis = SpecHypothesis.From(spec, file.Hypotheses.Single(), options);
        var scenario = Scenarios.Find("reward_hacking")!;
        var result = Hunter.Hunt(hypothesis, new HuntOptions { Budget = 4 }, (assignments, seed) => scenario.Run(assignments, seed), slack: null);
        FindingFile.Write(Path.Combine(temp.Path, "findings", "x.json"), HuntFindings.From(result, "StatusLockTests"));
        Assert.True(StatusLock.Check(spec, name).Stands);

        // A narrower range that excludes the finding's penalty.weight, and a changed claim: both are named.
        File.WriteAllText(spec, File.ReadAllText(spec).Replace("penalty.weight in 0 .. 10", "penalty.weight in 20 .. 30").Replace("hack_rate > 2", "hack_rate > 3"));
        var check = StatusLock.Check(spec, name);
        Assert.False(check.Stands, check.Explanation);
        Assert.Contains("lies outside the spec's range 20 .. 30", check.Explanation);
        Assert.Contains("it records the claim `always hack_rate > 2`, but the spec now claims `always hack_rate > 3`", check.Explanation);
    }
}
