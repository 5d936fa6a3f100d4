using System.Text.Json.Nodes;
using InterpLoop.Properties.Hunt;

namespace InterpLoop.Properties.Cli;

/// <summary>
/// The main job (`interploop` with no command) on a tiny library: it hunts every hypothesis of spec/ in worker
/// processes, prints the verdict table, writes the report and findings, exits 1 only when a verdict contradicts a
/// recorded status, and repeats from the run store (the recorded findings judged first) with the same verdicts and,
/// from then on, the same report. Also `hunt` over a folder with --jobs.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public class MainJobTests
{
    static string Library(string witnessStatus) =>
        HuntSpecs.Hypothesis("lib.fails", "always hack_rate > 2", budget: 6) +
        HuntSpecs.Hypothesis("lib.holds", "always visible_pass_rate >= 0", budget: 5) + "  status holds\n\n" +
        HuntSpecs.Hypothesis("lib.witnessed", "sometimes visible_pass_rate >= 0", budget: 6) + $"  status {witnessStatus}\n";

    static (int Exit, string Out, string Err) InFolder(string folder, params string[] args)
    {
        var before = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(folder);
        try { return CliProcess.Invoke(args); }
        finally { Directory.SetCurrentDirectory(before); }
    }

    [Fact]
    public void The_main_job_hunts_the_library_in_workers_writes_the_report_and_repeats_from_the_store()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("spec"));
        File.WriteAllText(temp.File("spec/lib.ilspec"), Library("unwitnessed"));

        var first = InFolder(temp.Path, "--jobs", "2", "--record-status");
        // lib.witnessed is recorded as unwitnessed and the hunt witnesses it: the one contradiction, so exit 1.
        Assert.True(first.Exit == 1, first.Out + first.Err);
        Assert.Contains("hunting 3 hypotheses in 2 worker processes", first.Err);
        Assert.Contains("1 verdict(s) contradict the recorded status: lib.witnessed", first.Out);
        foreach (var (name, verdict) in new[] { ("lib.fails", "refuted"), ("lib.holds", "no_counterexample"), ("lib.witnessed", "witnessed") })
            Assert.Contains($"{name} (spec/lib.ilspec): {verdict}", first.Out);
        Assert.True(File.Exists(temp.File("findings/lib.fails.json")));
        Assert.True(File.Exists(temp.File("findings/lib.witnessed.json")));
        var report = File.ReadAllText(temp.File(".interploop/report.md"));
        Assert.Contains("| `lib.fails` |", report);
        Assert.Contains("`refuted by \"findings/lib.fails.json\"`", report);
        Assert.Contains("| `unwitnessed` | `witnessed by \"findings/lib.witnessed.json\"` |", report);

        // --record-status wrote what each verdict supports, which ends the contradiction; every run now comes from the store.
        Assert.Contains("recorded: spec/lib.ilspec: lib.witnessed: status unwitnessed -> status witnessed by \"findings/lib.witnessed.json\"", first.Out);
        Assert.Contains("recorded: spec/lib.ilspec: lib.fails: status unknown -> status refuted by \"findings/lib.fails.json\"", first.Out);
        Assert.DoesNotContain("recorded: spec/lib.ilspec: lib.holds", first.Out);
        var recorded = File.ReadAllText(temp.File("spec/lib.ilspec"));
        Assert.Contains("  status witnessed by \"findings/lib.witnessed.json\"", recorded);
        Assert.Contains("  status refuted by \"findings/lib.fails.json\"", recorded);
        // Again: the recorded findings are judged first (so a hunt may spend fewer runs), the verdicts are the same,
        // nothing trains; and a third time gives the second's report exactly.
        var second = InFolder(temp.Path, "--jobs", "2");
        Assert.True(second.Exit == 0, second.Out + second.Err);
        Assert.Contains(" trained) in ", second.Out);
        Assert.Contains(", 0 trained)", second.Out);
        foreach (var (name, verdict) in new[] { ("lib.fails", "refuted"), ("lib.holds", "no_counterexample"), ("lib.witnessed", "witnessed") })
            Assert.Contains($"{name} (spec/lib.ilspec): {verdict}", second.Out);
        var secondReport = File.ReadAllText(temp.File(".interploop/report.md"));
        Assert.Contains("| `witnessed by \"findings/lib.witnessed.json\"` | `witnessed by \"findings/lib.witnessed.json\"` |", secondReport);
        var third = InFolder(temp.Path, "--jobs", "2");
        Assert.True(third.Exit == 0, third.Out + third.Err);
        Assert.Equal(secondReport, File.ReadAllText(temp.File(".interploop/report.md")));
    }

    [Fact]
    public void Workers_reach_the_verdicts_one_process_reaches()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("lib.ilspec"), Library("unknown"));
        var one = InFolder(temp.Path, "hunt", "lib.ilspec", "--json", "--store", "one.db", "--findings", "one");
        var two = InFolder(temp.Path, "hunt", ".", "--json", "--jobs", "2", "--store", "two.db", "--findings", "two");
        Assert.True(one.Exit == 1, one.Err);
        Assert.True(two.Exit == 1, two.Err);
        static List<string> Verdicts(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonNode.Parse(l)!.AsObject())
            .Select(o => $"{o["hypothesis"]} {o["verdict"]} {o["runs"]} {o["counterexample"]?["varied"]?.ToJsonString()} {o["counterexample"]?["reproduction_rate"]}")
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Verdicts(one.Out), Verdicts(two.Out));
        Assert.Equal(3, Verdicts(two.Out).Count);
    }

    [Fact]
    public void Without_a_spec_folder_the_main_job_says_where_to_run_it()
    {
        using var temp = new TempFolder();
        var (exit, _, err) = InFolder(temp.Path);
        Assert.Equal(2, exit);
        Assert.Contains("no spec/ folder here", err);
        Assert.Contains("interploop hunt FOLDER", err);
    }

    [Fact]
    public void A_folder_of_specs_with_an_error_is_reported_whole_before_anything_trains()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("a.ilspec"), HuntSpecs.Hypothesis("a.ok", "always visible_pass_rate >= 0", budget: 5));
        File.WriteAllText(temp.File("b.ilspec"), HuntSpecs.Hypothesis("b.bad", "always visible_pass_rat >= 0", budget: 5));
        var (exit, _, err) = InFolder(temp.Path, "hunt", ".", "--store", "runs.db");
        Assert.Equal(1, exit);
        Assert.Contains("error IL0005", err);
        Assert.Contains("1 spec error(s); fix them before hunting", err);
        Assert.False(File.Exists(temp.File("runs.db")));
    }
}
