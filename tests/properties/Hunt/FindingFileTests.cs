using System.Text.Json.Nodes;
using InterpLoop.Hunt;

namespace InterpLoop.Properties.Hunt;

/// <summary>Finding files: a written finding reads back unchanged; a bad one gives errors naming the file and the problem.</summary>
public class FindingFileTests
{
    [Fact]
    public void A_written_finding_reads_back_unchanged()
    {
        using var temp = new TempFolder();
        var path = Path.Combine(temp.Path, "findings", "test.synthetic.json");
        var written = FindingFile.Write(path, FindingSamples.Synthetic());
        Assert.Equal($"interploop replay {path}", written.ReplayCommand);

        var read = FindingFile.Read(path);
        Assert.True(read.Ok, string.Join("\n", read.Errors));
        var f = read.Finding!;
        Assert.Equal((written.Hypothesis, written.SpecFile, written.Claim, written.Verdict, written.Scenario, written.EngineVersion, written.CreatedBy, written.ReplayCommand),
            (f.Hypothesis, f.SpecFile, f.Claim, f.Verdict, f.Scenario, f.EngineVersion, f.CreatedBy, f.ReplayCommand));
        Assert.Equal(written.Config.OrderBy(kv => kv.Key), f.Config.OrderBy(kv => kv.Key));
        Assert.Equal(new long[] { 0, 4 }, f.Seeds);
        Assert.Equal(written.Reproduction, f.Reproduction);
        for (int i = 0; i < written.Runs.Count; i++)
        {
            var (a, b) = (written.Runs[i], f.Runs[i]);
            Assert.Equal((a.Seed, a.Outcome, a.Reproduces, a.StopReason), (b.Seed, b.Outcome, b.Reproduces, b.StopReason));
            foreach (var (name, value) in a.Metrics)
                Assert.True(double.IsNaN(value) ? double.IsNaN(b.Metrics[name]) : BitConverter.DoubleToInt64Bits(value) == BitConverter.DoubleToInt64Bits(b.Metrics[name]), name);
        }
        Assert.Equal(File.ReadAllText(path), FindingFile.Serialize(f));
    }

    [Fact]
    public void The_file_states_everything_a_reader_needs()
    {
        var json = JsonNode.Parse(FindingFile.Serialize(FindingSamples.Synthetic() with { ReplayCommand = "interploop replay findings/x.json" }))!.AsObject();
        foreach (var field in new[] { "format", "hypothesis", "spec", "claim", "verdict", "scenario", "config", "seeds", "reproduction", "runs", "engine_version", "created_by", "replay" })
            Assert.True(json.ContainsKey(field), field);
        Assert.Equal("counterexample", json["verdict"]!.GetValue<string>());
        Assert.Equal(0.001, json["config"]!["kl.beta"]!.GetValue<double>());
        Assert.Equal("through_probe", json["config"]!["penalty.route"]!.GetValue<string>());
        Assert.Equal(1, json["reproduction"]!["reproduced"]!.GetValue<int>());
        Assert.Equal(2, json["reproduction"]!["trials"]!.GetValue<int>());
        Assert.Null(json["runs"]![0]!["metrics"]!["probe.recall_final"]);
    }

    [Fact]
    public void A_truncated_file_is_reported_with_its_name_line_and_position()
    {
        var text = FindingFile.Serialize(FindingSamples.Synthetic());
        var result = FindingFile.Parse("findings/cut.json", text[..(text.Length / 2)]);
        Assert.False(result.Ok);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("findings/cut.json at line ", error);
        Assert.Contains("truncated", error);
    }

    [Fact]
    public void An_empty_file_says_so() =>
        Assert.Contains("findings/empty.json", Assert.Single(FindingFile.Parse("findings/empty.json", "").Errors));

    [Fact]
    public void A_missing_file_says_so() =>
        Assert.Equal("findings/none.json: no such file", Assert.Single(FindingFile.Read("findings/none.json").Errors));

    [Fact]
    public void A_missing_field_is_named()
    {
        var errors = Mutated(j => j.Remove("hypothesis"));
        Assert.Contains("findings/bad.json: is missing field 'hypothesis'", errors);
    }

    [Fact]
    public void A_field_of_the_wrong_type_is_named_with_what_was_found()
    {
        var errors = Mutated(j => j["seeds"] = "0, 4");
        Assert.Contains("findings/bad.json: field 'seeds' must be an array of integers, found the string \"0, 4\"", errors);
    }

    [Fact]
    public void An_unknown_parameter_gets_the_same_diagnostic_as_a_spec_file()
    {
        var errors = Mutated(j => j["config"]!["penalty.wieght"] = 2);
        var error = Assert.Single(errors);
        Assert.StartsWith("findings/bad.json: field 'config' IL0003: unknown parameter 'penalty.wieght'", error);
        Assert.Contains("did you mean 'penalty.weight'", error);
    }

    [Fact]
    public void A_value_outside_the_domain_is_named()
    {
        var error = Assert.Single(Mutated(j => j["config"]!["penalty.route"] = "gradients"));
        Assert.Contains("IL0007: penalty.route = gradients is outside its domain", error);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var errors = Mutated(j =>
        {
            j["verdict"] = "maybe";
            j["runs"]![1]!["metrics"]!["kl"] = "lots";
            j.Remove("engine_version");
        });
        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Contains("field 'verdict' is 'maybe'; expected counterexample or witness"));
        Assert.Contains(errors, e => e.Contains("field 'runs[1].metrics.kl' must be a number or null, found the string \"lots\""));
        Assert.Contains(errors, e => e.Contains("is missing field 'engine_version'"));
    }

    [Fact]
    public void A_reproduction_rate_that_disagrees_with_the_runs_is_an_error() =>
        Assert.Contains("findings/bad.json: field 'reproduction.reproduced' is 2 but the runs give 1", Mutated(j => j["reproduction"]!["reproduced"] = 2));

    [Fact]
    public void Seeds_that_disagree_with_the_runs_are_an_error() =>
        Assert.Contains(Mutated(j => j["seeds"] = new JsonArray(0, 5)), e => e.Contains("field 'seeds' is [0, 5] but the runs are for seeds [0, 4]"));

    static IReadOnlyList<string> Mutated(Action<JsonObject> change)
    {
        var json = JsonNode.Parse(FindingFile.Serialize(FindingSamples.Synthetic()))!.AsObject();
        change(json);
        var result = FindingFile.Parse("findings/bad.json", json.ToJsonString());
        Assert.False(result.Ok);
        Assert.Null(result.Finding);
        return result.Errors;
    }
}
