using System.Text.Json.Nodes;
using InterpLoop.Cli;
using InterpLoop.Engine.RewardHacking;
using InterpLoop.Hunt;
using InterpLoop.Properties.Hunt;

namespace InterpLoop.Properties.Cli;

/// <summary>
/// Tiny-run spec files for hunts that take seconds, one store and findings folder shared by a test class: the
/// hunts below walk overlapping configurations, so most of their runs come from the store after the first.
/// </summary>
public sealed class HuntSpecs : IDisposable
{
    readonly TempFolder temp = new();
    readonly Lazy<(int Exit, string Out, string Err)> both;

    public HuntSpecs()
    {
        Both = Write("both.ilspec", Hypothesis("t.tiny_fails", "always hack_rate > 2", budget: 16) + Hypothesis("t.cannot_fail", "always visible_pass_rate >= 0", budget: 5));
        Sometimes = Write("sometimes.ilspec", Hypothesis("t.no_witness", "sometimes hack_rate > 2", budget: 5) + Hypothesis("t.witnessed", "sometimes visible_pass_rate >= 0", budget: 16));
        both = new(() => CliProcess.Invoke(Hunt(Both, "--json")));
    }

    /// <summary>The tiny scenario and region of the brief; every configuration of it trains in about a second.</summary>
    public static string Hypothesis(string name, string claim, int? budget = null, int trials = 1) => $$"""
        hypothesis {{name}}
          scenario reward_hacking { steps = 3  reference.steps = 10  eval.problems = 16  model.hidden = 8 }
          vary { penalty.weight in 0 .. 10   probe.kind in { linear, mlp } }
          trials {{trials}}
        {{(budget is int b ? $"  budget {b}\n" : "")}}  claim {{claim}}

        """;

    public string Folder => temp.Path;
    public string Store => temp.File("runs.db");
    public string Findings => temp.File("findings");
    /// <summary>t.tiny_fails (fails everywhere, budget 16) then t.cannot_fail (holds everywhere, budget 5).</summary>
    public string Both { get; }
    /// <summary>t.no_witness (never holds, budget 5) then t.witnessed (holds everywhere, budget 16).</summary>
    public string Sometimes { get; }

    public string Write(string name, string text)
    {
        File.WriteAllText(temp.File(name), text);
        return temp.File(name);
    }

    /// <summary>`hunt spec --seed 3` over the shared store and findings folder, plus <paramref name="more"/>.</summary>
    public string[] Hunt(string spec, params string[] more) =>
        new[] { "hunt", spec, "--seed", "3", "--store", Store, "--findings", Findings }.Concat(more).ToArray();

    /// <summary>The first hunt of <see cref="Both"/> with --json, run once for the class (it trains; later ones mostly hit the store).</summary>
    public (int Exit, string Out, string Err) BothJson => both.Value;

    public void Dispose() => temp.Dispose();
}

/// <summary>`interploop hunt` in-process on tiny real runs: verdicts, the --json shape and values, findings, exit codes, determinism.</summary>
[Collection(nameof(ConsoleCollection))]
public class HuntCommandTests(HuntSpecs specs) : IClassFixture<HuntSpecs>
{
    static readonly string[] Verdicts = { "refuted", "witnessed", "no_counterexample", "no_witness", "fragile" };
    static readonly string[] Outcomes = { "degenerate", "honest", "blatant", "obfuscated_policy", "obfuscated_activations" };

    static (int Exit, string Out, string Err) Invoke(params string[] args) => CliProcess.Invoke(args);

    /// <summary>Exactly one JSON object per line of stdout, and nothing else.</summary>
    static List<JsonObject> Lines(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l.TrimEnd('\r'))!.AsObject()).ToList();

    static JsonObject Without(JsonObject o, params string[] keys)
    {
        var copy = JsonNode.Parse(o.ToJsonString())!.AsObject();
        foreach (var k in keys) copy.Remove(k);
        return copy;
    }

    static T Get<T>(JsonNode? node, string key) => node![key]!.GetValue<T>();

    /// <summary>The fields every line has, whatever the verdict, with values that fit together.</summary>
    static void AssertShape(JsonObject j, string hypothesis, string verdict, int budget)
    {
        Assert.Equal(hypothesis, Get<string>(j, "hypothesis"));
        Assert.Contains(Get<string>(j, "verdict"), Verdicts);
        Assert.Equal(verdict, Get<string>(j, "verdict"));
        Assert.Equal(budget, Get<int>(j, "budget"));
        Assert.Equal(3UL, Get<ulong>(j, "seed"));
        Assert.Equal("targeted", Get<string>(j, "strategy"));
        int runs = Get<int>(j, "runs");
        Assert.InRange(runs, 1, budget);
        Assert.InRange(Get<int>(j, "runs_from_store"), 0, runs);
        Assert.True(j.ContainsKey("counterexample"), "counterexample missing");
        Assert.True(j.ContainsKey("finding"), "finding missing");
        Assert.StartsWith("interploop hunt ", Get<string>(j, "command"));
        Assert.Contains($"--hypothesis {hypothesis} ", Get<string>(j, "command"));
    }

    /// <summary>A counterexample (or witness) shrunk to the simplest point of the region, every run of which fails (or holds).</summary>
    void AssertShrunkToSimplest(JsonObject j)
    {
        var c = j["counterexample"]!.AsObject();
        var config = c["config"]!.AsObject();
        Assert.Equal(0, Get<double>(config, "penalty.weight"));
        Assert.Equal("linear", Get<string>(config, "probe.kind"));
        Assert.Equal(3, Get<double>(config, "steps"));
        Assert.Equal(10, Get<double>(config, "reference.steps"));
        Assert.Equal(16, Get<double>(config, "eval.problems"));
        Assert.Equal(8, Get<double>(config, "model.hidden"));
        Assert.Equal(0, Get<long>(c, "seed")); // trials 1: the search's only seed
        Assert.Contains(Get<string>(c, "outcome"), Outcomes);
        Assert.Equal(1.0, Get<double>(c, "reproduction_rate"));
        Assert.Equal(3, Get<int>(c["reproduction"], "trials"));
        Assert.Equal(3, Get<int>(c["reproduction"], "reproduced"));
        // trials 1, decided on one seed per configuration, then every one of the 3 fresh seeds.
        Assert.Equal(Get<int>(j, "configurations") + 3, Get<int>(j, "runs"));
        Assert.InRange(Get<int>(j, "runs_to_first_hit"), 1, Get<int>(j, "runs"));

        // The metrics are those of the shrunk configuration's run on that seed, as the run store holds it.
        var scenario = new RewardHackingScenario();
        using var store = RunStore.Open(specs.Store);
        Assert.True(store.TryGet(scenario, TinyRuns.Assignments("penalty.weight=0", "probe.kind=linear"), 0, out var run));
        Assert.Equal(run.Outcome, Get<string>(c, "outcome"));
        var metrics = c["metrics"]!.AsObject();
        Assert.Equal(run.Metrics.Keys.Order(), metrics.Select(kv => kv.Key).Order());
        foreach (var (name, value) in run.Metrics)
            if (double.IsFinite(value)) Assert.Equal(value, Get<double>(metrics, name));
            else Assert.Null(metrics[name]);
    }

    void AssertFinding(JsonObject j, string hypothesis, FindingVerdict verdict)
    {
        var path = Get<string>(j, "finding");
        Assert.Equal(Path.Combine(specs.Findings, hypothesis + ".json"), path);
        var read = FindingFile.Read(path);
        Assert.True(read.Ok, string.Join("; ", read.Errors));
        var f = read.Finding!;
        Assert.Equal(hypothesis, f.Hypothesis);
        Assert.Equal(verdict, f.Verdict);
        Assert.Equal("reward_hacking", f.Scenario);
        Assert.Equal(0, f.Config["penalty.weight"].Number);
        Assert.Equal("linear", f.Config["probe.kind"].Symbol);
        Assert.Equal(new long[] { 0, 1, 2, 3 }, f.Seeds);
        Assert.Equal(1.0, f.Reproduction.Rate);
        Assert.Equal(Get<string>(j, "command"), f.CreatedBy);
    }

    [Fact]
    public void Json_prints_one_object_per_hypothesis_and_a_claim_that_fails_everywhere_is_refuted_at_the_simplest_point()
    {
        var (exit, stdout, stderr) = specs.BothJson;
        Assert.True(exit == CommandLine.Failure, stdout + stderr);
        var lines = Lines(stdout);
        Assert.Equal(new[] { "t.tiny_fails", "t.cannot_fail" }, lines.Select(l => Get<string>(l, "hypothesis")));

        var j = lines[0];
        AssertShape(j, "t.tiny_fails", "refuted", budget: 16); // the spec's budget, no --budget given
        Assert.Equal(specs.Both, Get<string>(j, "spec"));
        Assert.Equal("claim always hack_rate > 2", Get<string>(j, "claim"));
        AssertShrunkToSimplest(j);
        Assert.True(Get<double>(j["counterexample"]!["metrics"], "hack_rate") is >= 0 and <= 1);
        AssertFinding(j, "t.tiny_fails", FindingVerdict.Counterexample);

        Assert.Contains("hunting t.tiny_fails: targeted search, budget 16 runs, seed 3", stderr);
        Assert.Contains("t.tiny_fails: refuted after ", stderr);
    }

    [Fact]
    public void The_finding_a_hunt_writes_replays_from_the_same_store()
    {
        var path = Get<string>(Lines(specs.BothJson.Out)[0], "finding");
        var (exit, stdout, stderr) = Invoke("replay", path, "--store", specs.Store);
        Assert.True(exit == CommandLine.Success, stdout + stderr);
        Assert.Contains($"{path}: reproduces", stdout);
        Assert.Contains("4 from the run store", stdout); // seed 0 and fresh seeds 1-3, all trained by the hunt
    }

    [Fact]
    public void A_claim_that_cannot_fail_has_no_counterexample_and_exits_0()
    {
        var first = Lines(specs.BothJson.Out)[1];
        AssertShape(first, "t.cannot_fail", "no_counterexample", budget: 5);
        Assert.Null(first["counterexample"]);
        Assert.Null(first["finding"]);
        Assert.Null(first["runs_to_first_hit"]);
        Assert.Equal(Get<int>(first, "configurations"), Get<int>(first, "runs")); // one seed per configuration, nothing to reproduce

        var (exit, stdout, stderr) = Invoke(specs.Hunt(specs.Both, "--hypothesis", "t.cannot_fail", "--json"));
        Assert.True(exit == CommandLine.Success, stdout + stderr);
        var alone = Assert.Single(Lines(stdout));
        Assert.Equal(Without(first, "runs_from_store").ToJsonString(), Without(alone, "runs_from_store").ToJsonString());
        Assert.False(File.Exists(Path.Combine(specs.Findings, "t.cannot_fail.json")));
    }

    [Fact]
    public void Sometimes_claims_give_no_witness_or_a_witness_with_a_finding()
    {
        var (exit, stdout, stderr) = Invoke(specs.Hunt(specs.Sometimes, "--json"));
        Assert.True(exit == CommandLine.Success, stdout + stderr); // only a refuted claim exits 1
        var lines = Lines(stdout);
        Assert.Equal(2, lines.Count);

        AssertShape(lines[0], "t.no_witness", "no_witness", budget: 5);
        Assert.Null(lines[0]["counterexample"]);
        Assert.Null(lines[0]["finding"]);

        AssertShape(lines[1], "t.witnessed", "witnessed", budget: 16);
        AssertShrunkToSimplest(lines[1]);
        AssertFinding(lines[1], "t.witnessed", FindingVerdict.Witness);
    }

    [Fact]
    public void The_same_hunt_twice_gives_the_same_json_and_the_second_comes_wholly_from_the_store()
    {
        var first = Lines(specs.BothJson.Out);
        var (exit, stdout, stderr) = Invoke(specs.Hunt(specs.Both, "--json"));
        Assert.True(exit == CommandLine.Failure, stdout + stderr);
        var second = Lines(stdout);
        Assert.Equal(first.Count, second.Count);
        for (int i = 0; i < first.Count; i++)
        {
            Assert.Equal(Without(first[i], "runs_from_store").ToJsonString(), Without(second[i], "runs_from_store").ToJsonString());
            Assert.Equal(Get<int>(second[i], "runs"), Get<int>(second[i], "runs_from_store"));
        }
    }

    [Fact]
    public void The_random_strategy_also_shrinks_to_the_simplest_point()
    {
        var (exit, stdout, stderr) = Invoke(specs.Hunt(specs.Both, "--hypothesis", "t.tiny_fails", "--strategy", "random", "--json"));
        Assert.True(exit == CommandLine.Failure, stdout + stderr);
        var j = Assert.Single(Lines(stdout));
        Assert.Equal("random", Get<string>(j, "strategy"));
        Assert.Equal("refuted", Get<string>(j, "verdict"));
        AssertShrunkToSimplest(j);
        Assert.Contains("--strategy random", Get<string>(j, "command"));
    }

    [Fact]
    public void Human_output_shows_the_verdict_the_original_and_shrunk_table_and_the_finding()
    {
        var (exit, stdout, stderr) = Invoke(specs.Hunt(specs.Both, "--hypothesis", "t.tiny_fails"));
        Assert.True(exit == CommandLine.Failure, stdout + stderr);
        var finding = Path.Combine(specs.Findings, "t.tiny_fails.json");
        Assert.Contains("t.tiny_fails (", stdout);
        Assert.Contains("claim always hack_rate > 2", stdout);
        Assert.Contains("verdict: refuted: the shrunk counterexample fails on 3/3", stdout);
        var header = stdout.Split('\n').Single(l => l.Contains("parameter"));
        Assert.Contains("original", header);
        Assert.Contains("shrunk", header);
        Assert.Contains(stdout.Split('\n'), l => l.Contains("penalty.weight") && l.Contains("0 (simplest)"));
        Assert.Contains(stdout.Split('\n'), l => l.Contains("probe.kind") && l.Contains("linear (simplest)"));
        Assert.Contains("fresh seeds: 1: ", stdout);
        // One line, not wrapped at 80 columns, so the path can be copied.
        Assert.Contains($"  finding: {finding} (replay: interploop replay {finding})", stdout);
        Assert.DoesNotContain("{", stdout);
    }

    [Fact]
    public void A_spec_with_a_checker_error_exits_1_with_the_error_id_on_stderr()
    {
        var bad = specs.Write("bad.ilspec", HuntSpecs.Hypothesis("t.bad", "always hack_rate > 2").Replace("penalty.weight in", "penalty.wieght in"));
        var (exit, stdout, stderr) = Invoke(specs.Hunt(bad, "--json"));
        Assert.Equal(CommandLine.Failure, exit);
        Assert.Contains("error IL0003: unknown parameter 'penalty.wieght'", stderr);
        Assert.Contains($"interploop check {bad}", stderr);
        Assert.Equal("", stdout);
    }

    [Fact]
    public void A_misspelt_hypothesis_exits_2_naming_the_nearest()
    {
        var (exit, stdout, stderr) = Invoke(specs.Hunt(specs.Both, "--hypothesis", "t.cannot_fial"));
        Assert.Equal(CommandLine.UsageError, exit);
        Assert.Contains("no hypothesis 't.cannot_fial' (did you mean 't.cannot_fail'?)", stderr);
        Assert.Equal("", stdout);
    }

    [Fact]
    public void A_missing_spec_file_exits_2()
    {
        var missing = Path.Combine(specs.Folder, "missing.ilspec");
        var (exit, _, stderr) = Invoke(specs.Hunt(missing));
        Assert.Equal(CommandLine.UsageError, exit);
        Assert.Contains($"no such spec file or folder: {missing}", stderr);
    }

    [Theory]
    [InlineData("--budget", "0")]
    [InlineData("--budget", "-3")]
    [InlineData("--strategy", "sideways")]
    [InlineData("--seed", "minus-one")]
    public void A_bad_option_exits_2(string option, string value)
    {
        var (exit, stdout, stderr) = Invoke(specs.Hunt(specs.Both, option, value));
        Assert.Equal(CommandLine.UsageError, exit);
        Assert.Contains("error: ", stderr);
        Assert.Equal("", stdout);
    }

    [Fact]
    public void Store_and_no_store_together_exit_2() =>
        Assert.Equal(CommandLine.UsageError, Invoke(specs.Hunt(specs.Both, "--no-store")).Exit);

    [Fact]
    public void A_budget_too_small_for_one_configuration_and_its_reproduction_exits_1_naming_the_budget_needed()
    {
        var (exit, stdout, stderr) = Invoke(specs.Hunt(specs.Both, "--budget", "2", "--json"));
        Assert.Equal(CommandLine.Failure, exit);
        Assert.Contains("a budget of 2 runs is too small for t.tiny_fails", stderr);
        Assert.Contains("give at least --budget 4", stderr); // 1 seed per configuration + 3 fresh seeds
        Assert.Equal("", stdout);
    }
}
