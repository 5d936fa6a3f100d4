using System.Text.Json.Nodes;
using InterpLoop.Cli;
using InterpLoop.Properties.Hunt;
using SkiaSharp;

namespace InterpLoop.Properties.Cli;

/// <summary>
/// `interploop atlas` in-process: its usage errors and their exit codes, and one tiny real atlas (2 × 2 cells, 1
/// seed: 4 tiny runs) drawn twice over one store, the second wholly from the store and byte-identical.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public class AtlasCommandTests : IDisposable
{
    readonly TempFolder temp = new();
    readonly string spec, several, paired;

    public AtlasCommandTests()
    {
        spec = Write("one.ilspec", HuntSpecs.Hypothesis("t.map", "sometimes hack_rate > 0.5"));
        several = Write("two.ilspec", HuntSpecs.Hypothesis("t.first", "always hack_rate > 2") + HuntSpecs.Hypothesis("t.second", "always hack_rate > 2"));
        paired = Write("paired.ilspec", HuntSpecs.Hypothesis("t.paired", "always paired learner = reinforce vs learner = dpo: hack_rate[A] >= 0"));
    }

    public void Dispose() => temp.Dispose();

    string Write(string name, string text)
    {
        File.WriteAllText(temp.File(name), text);
        return temp.File(name);
    }

    string[] Atlas(string specPath, params string[] more) =>
        new[] { "atlas", specPath, "--store", temp.File("runs.db"), "--out", temp.File("out") }.Concat(more).ToArray();

    static void AssertUsage((int Exit, string Out, string Err) r, string message)
    {
        Assert.True(r.Exit == CommandLine.UsageError, $"exit {r.Exit}: {r.Err}");
        Assert.Contains(message, r.Err);
        Assert.Equal("", r.Out);
    }

    [Fact]
    public void An_atlas_split_over_two_worker_processes_writes_the_atlas_json_of_one_process_and_leaves_no_work_folder()
    {
        string[] Args(string name, int jobs) => new[] { "atlas", spec, "--x", "penalty.weight", "--y", "probe.kind", "--grid", "2", "--seeds", "2",
            "--store", temp.File($"{name}/runs.db"), "--out", temp.File($"{name}/out"), "--jobs", jobs.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var one = CliProcess.Invoke(Args("one", 1));
        var two = CliProcess.Invoke(Args("two", 2));
        Assert.True(one.Exit == CommandLine.Success, one.Err);
        Assert.True(two.Exit == CommandLine.Success, two.Err);
        Assert.Equal(File.ReadAllText(temp.File("one/out/atlas.json")), File.ReadAllText(temp.File("two/out/atlas.json")));
        Assert.Contains("runs: 8 (0 from the run store, 8 trained)", two.Out);
        Assert.Contains("training in 2 worker processes", two.Err);
        Assert.DoesNotContain("training in", one.Err);
        using (var store = InterpLoop.Hunt.RunStore.Open(temp.File("two/runs.db"))) Assert.Equal(8, store.Count);
        Assert.False(Directory.Exists(temp.File("two/workers")) && Directory.EnumerateFileSystemEntries(temp.File("two/workers")).Any(), "the merged batch's folder is left behind");

        var again = CliProcess.Invoke(Args("two", 2));
        Assert.True(again.Exit == CommandLine.Success, again.Err);
        Assert.Contains("runs: 8 (8 from the run store, 0 trained)", again.Out);
    }

    [Fact]
    public void An_atlas_writes_its_three_files_and_a_second_one_comes_wholly_from_the_store_with_the_same_json()
    {
        var args = Atlas(spec, "--x", "penalty.weight", "--y", "probe.kind", "--grid", "2", "--seeds", "1");
        var first = CliProcess.Invoke(args);
        Assert.True(first.Exit == CommandLine.Success, first.Out + first.Err);
        Assert.Contains("runs: 4 (0 from the run store, 4 trained)", first.Out);
        Assert.Contains("t.map: cell ", first.Err + first.Out);
        var json = File.ReadAllText(temp.File("out/atlas.json"));
        var png = File.ReadAllBytes(temp.File("out/atlas.png"));
        using (var bitmap = SKBitmap.Decode(png)) Assert.Equal((InterpLoop.Cli.Atlas.AtlasPicture.Width, InterpLoop.Cli.Atlas.AtlasPicture.Height), (bitmap.Width, bitmap.Height));
        Assert.Contains(Convert.ToBase64String(png), File.ReadAllText(temp.File("out/atlas.html")));

        var j = JsonNode.Parse(json)!.AsObject();
        Assert.Equal("t.map", j["hypothesis"]!.GetValue<string>());
        Assert.Equal(new[] { 0.0, 10 }, j["x"]!["values"]!.AsArray().Select(v => v!.GetValue<double>()));
        Assert.Equal(new[] { "linear", "mlp" }, j["y"]!["values"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(4, j["cells"]!.AsArray().Count);
        Assert.Equal($"interploop atlas {spec} --hypothesis t.map --x penalty.weight --y probe.kind --grid 2 --seeds 1", j["command"]!.GetValue<string>());
        Assert.DoesNotContain(temp.File("out"), json);
        Assert.DoesNotContain("runs.db", json);

        var second = CliProcess.Invoke(args.Append("--json").ToArray());
        Assert.True(second.Exit == CommandLine.Success, second.Out + second.Err);
        Assert.Contains("runs: 4 (4 from the run store, 0 trained)", second.Err);
        Assert.Equal(json, second.Out);
        Assert.Equal(json, File.ReadAllText(temp.File("out/atlas.json")));
    }

    [Fact]
    public void A_missing_spec_file_exits_2() =>
        AssertUsage(CliProcess.Invoke(Atlas(temp.File("missing.ilspec"), "--x", "penalty.weight", "--y", "probe.kind")), $"no such spec file: {temp.File("missing.ilspec")}");

    [Fact]
    public void A_spec_with_errors_prints_its_diagnostics_and_exits_1()
    {
        var bad = Write("bad.ilspec", HuntSpecs.Hypothesis("t.bad", "always hack_rate > 2").Replace("penalty.weight in", "penalty.wieght in"));
        var r = CliProcess.Invoke(Atlas(bad, "--x", "penalty.weight", "--y", "probe.kind"));
        Assert.Equal(CommandLine.Failure, r.Exit);
        Assert.Contains("error IL0003: unknown parameter 'penalty.wieght'", r.Err);
        Assert.Contains($"interploop check {bad}", r.Err);
        Assert.Equal("", r.Out);
    }

    [Fact]
    public void A_file_of_several_hypotheses_needs_one_named_and_lists_them() =>
        AssertUsage(CliProcess.Invoke(Atlas(several, "--x", "penalty.weight", "--y", "probe.kind")),
            $"{several} has 2 hypotheses; pick one with --hypothesis: t.first, t.second");

    [Fact]
    public void A_misspelt_hypothesis_exits_2_naming_the_nearest() =>
        AssertUsage(CliProcess.Invoke(Atlas(several, "--hypothesis", "t.secnod", "--x", "penalty.weight", "--y", "probe.kind")),
            "has no hypothesis 't.secnod' (did you mean 't.second'?); it has: t.first, t.second");

    [Theory]
    [InlineData("penalty.wieght", "probe.kind", "'penalty.wieght' is not a parameter of scenario reward_hacking (did you mean 'penalty.weight'?); t.map varies penalty.weight, probe.kind")]
    [InlineData("penalty.weight", "kl.beta", "kl.beta is not varied by t.map (it stays at its default 0.01); t.map varies penalty.weight, probe.kind")]
    [InlineData("steps", "probe.kind", "steps is not varied by t.map (its scenario clause fixes it at 3); t.map varies penalty.weight, probe.kind")]
    [InlineData("probe.kind", "probe.kind", "x and y are both probe.kind")]
    public void An_axis_the_hypothesis_does_not_vary_exits_2_naming_what_it_varies(string x, string y, string message) =>
        AssertUsage(CliProcess.Invoke(Atlas(spec, "--x", x, "--y", y)), message);

    [Theory]
    [InlineData("--grid", "1", "--grid 1: an atlas needs at least 2 points per axis")]
    [InlineData("--seeds", "0", "--seeds 0: each cell needs at least 1 seed")]
    [InlineData("--grid", "five", "five")]
    [InlineData("--side", "C", "C")]
    public void A_bad_option_exits_2(string option, string value, string message) =>
        AssertUsage(CliProcess.Invoke(Atlas(spec, "--x", "penalty.weight", "--y", "probe.kind", option, value)), message);

    [Fact]
    public void A_missing_axis_exits_2() =>
        AssertUsage(CliProcess.Invoke(Atlas(spec, "--x", "penalty.weight")), "--y");

    [Fact]
    public void Store_and_no_store_together_exit_2() =>
        AssertUsage(CliProcess.Invoke(Atlas(spec, "--x", "penalty.weight", "--y", "probe.kind", "--no-store")), "--store and --no-store exclude each other");

    [Fact]
    public void A_store_that_is_a_folder_exits_2_naming_it()
    {
        Directory.CreateDirectory(temp.File("a-folder"));
        var r = CliProcess.Invoke("atlas", spec, "--x", "penalty.weight", "--y", "probe.kind", "--store", temp.File("a-folder"), "--out", temp.File("out"));
        AssertUsage(r, $"run store '{temp.File("a-folder")}' is a folder");
    }

    [Fact]
    public void An_output_path_that_is_a_file_exits_2()
    {
        var file = Write("taken", "");
        var r = CliProcess.Invoke("atlas", spec, "--x", "penalty.weight", "--y", "probe.kind", "--no-store", "--out", file);
        AssertUsage(r, $"--out {file} is a file");
    }

    [Fact]
    public void A_paired_claim_needs_a_side() =>
        AssertUsage(CliProcess.Invoke(Atlas(paired, "--x", "penalty.weight", "--y", "probe.kind")),
            "t.paired has a paired claim, so each point is two runs; say which to map: side A (learner = reinforce) or side B (learner = dpo)");
}
