using System.Text.Json.Nodes;
using InterpLoop.Cli;
using InterpLoop.Properties.Spec;

namespace InterpLoop.Properties.Cli;

/// <summary>`interploop check` in-process: compiler-style lines, --json, exit codes 0 / 1 / 2.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class CheckCommandTests : IDisposable
{
    readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("interploop-check-");

    public void Dispose() => _root.Delete(recursive: true);

    string Write(string relative, string text)
    {
        var path = Path.Combine(_root.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    static (int Exit, string Out, string Err) Invoke(params string[] args) => CliProcess.Invoke(args);

    const string Misspelt = "hypothesis h\n  scenario reward_hacking\n  vary {\n    penalty.wieght in 0 .. 10\n  }\n  claim always outcome == honest\n";

    [Fact]
    public void Clean_specs_exit_0()
    {
        var path = Write("spec/design.ilspec", string.Join("\n", DesignExamples.All));
        var (exit, stdout, _) = Invoke("check", path);
        Assert.Equal(CommandLine.Success, exit);
        Assert.Contains("1 spec file checked: no problems", stdout);
    }

    [Fact]
    public void An_error_exits_1_with_a_compiler_style_line_and_its_hint()
    {
        var path = Write("bad.ilspec", Misspelt);
        var (exit, stdout, _) = Invoke("check", path);
        Assert.Equal(CommandLine.Failure, exit);
        Assert.Contains($"{path}(4,5): error IL0003: unknown parameter 'penalty.wieght' of scenario reward_hacking", stdout);
        Assert.Contains("    hint: did you mean 'penalty.weight'?", stdout);
        Assert.Contains("1 error(s)", stdout);
    }

    [Fact]
    public void A_folder_is_searched_recursively_for_ilspec_files_only()
    {
        Write("specs/a.ilspec", DesignExamples.DetectorPressure);
        Write("specs/nested/b.ilspec", Misspelt);
        Write("specs/notes.txt", "not a spec {");
        var (exit, stdout, _) = Invoke("check", Path.Combine(_root.FullName, "specs"));
        Assert.Equal(CommandLine.Failure, exit);
        Assert.Contains("2 spec files checked: 1 error(s)", stdout);
        Assert.Contains(Path.Combine("nested", "b.ilspec") + "(4,5)", stdout);
    }

    [Fact]
    public void Json_lists_every_diagnostic_with_its_location()
    {
        var path = Write("bad.ilspec", Misspelt + "  trials 0\n");
        var (exit, stdout, _) = Invoke("check", "--json", path);
        Assert.Equal(CommandLine.Failure, exit);
        var list = JsonNode.Parse(stdout)!.AsArray();
        Assert.Equal(new[] { "IL0003", "IL0016" }, list.Select(d => d!["id"]!.GetValue<string>()));
        var first = list[0]!.AsObject();
        Assert.Equal(path, first["file"]!.GetValue<string>());
        Assert.Equal(4, first["line"]!.GetValue<int>());
        Assert.Equal(5, first["column"]!.GetValue<int>());
        Assert.Equal(19, first["end_column"]!.GetValue<int>());
        Assert.Equal("error", first["severity"]!.GetValue<string>());
        Assert.Contains("penalty.weight", first["hint"]!.GetValue<string>());
    }

    [Fact]
    public void Json_of_clean_specs_is_an_empty_array()
    {
        var path = Write("ok.ilspec", DesignExamples.KlAndPenaltyYieldHonesty);
        var (exit, stdout, _) = Invoke("check", "--json", path);
        Assert.Equal(CommandLine.Success, exit);
        Assert.Empty(JsonNode.Parse(stdout)!.AsArray());
    }

    [Fact]
    public void A_finding_is_found_from_the_specs_folder_upwards()
    {
        Write("findings/found.json", "{}");
        var spec = "hypothesis h\n  scenario reward_hacking\n  claim always outcome == honest\n  status refuted by \"findings/found.json\"\n" +
                   "hypothesis g\n  scenario reward_hacking\n  claim always outcome == honest\n  status refuted by \"findings/lost.json\"\n";
        var path = Write("spec/deep/f.ilspec", spec);
        var (exit, stdout, _) = Invoke("check", path);
        Assert.Equal(CommandLine.Failure, exit);
        Assert.DoesNotContain("found.json", stdout);
        Assert.Contains("error IL0014: finding file 'findings/lost.json' does not exist", stdout);
    }

    [Fact]
    public void A_missing_path_exits_2()
    {
        var (exit, _, stderr) = Invoke("check", Path.Combine(_root.FullName, "nowhere.ilspec"));
        Assert.Equal(CommandLine.UsageError, exit);
        Assert.Contains("no such file or folder", stderr);
    }

    [Fact]
    public void No_path_at_all_exits_2() => Assert.Equal(CommandLine.UsageError, Invoke("check").Exit);
}
