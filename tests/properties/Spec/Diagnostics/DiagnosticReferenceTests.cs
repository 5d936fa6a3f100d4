using System.Text;
using InterpLoop.Spec.Diagnostics;

namespace InterpLoop.Properties.Spec.Diagnostics;

/// <summary>
/// The diagnostic table of docs/spec-language.md is generated from <see cref="DiagnosticDescriptors"/> and
/// the case files, so it cannot drift: a stale table fails here. Regenerate with
/// INTERPLOOP_ACCEPT_DOCS=1 dotnet test tests/properties --filter DiagnosticReference.
/// </summary>
public class DiagnosticReferenceTests
{
    const string Begin = "<!-- diagnostics:begin (generated from DiagnosticDescriptors.cs; see DiagnosticReferenceTests) -->";
    const string End = "<!-- diagnostics:end -->";

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "InterpLoop.sln"))) return dir.FullName;
        throw new InvalidOperationException("InterpLoop.sln not found");
    }

    static string Table()
    {
        var cases = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Spec", "Cases"), "*.ilspec").OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (Name: Path.GetFileName(f), Ids: ExpectedDiagnostic.Read(File.ReadAllText(f)).Select(e => e.Id).ToHashSet())).ToList();
        var s = new StringBuilder();
        s.Append(Begin).Append('\n');
        s.Append("| ID | title | message | hint | failing examples |\n|---|---|---|---|---|\n");
        foreach (var d in DiagnosticDescriptors.All)
        {
            var examples = cases.Where(c => c.Ids.Contains(d.Id)).Select(c => $"[{c.Name}](../tests/properties/Spec/Cases/{c.Name})");
            s.Append($"| {d.Id} | {d.Title} | `{Escape(d.MessageFormat)}` | {Escape(d.HintFormat)} | {string.Join(", ", examples)} |\n");
        }
        s.Append(End);
        return s.ToString();
    }

    static string Escape(string text) => text.Replace("|", "\\|").Replace("{{", "{").Replace("}}", "}");

    [Fact]
    public void The_reference_lists_every_diagnostic_as_defined()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "spec-language.md");
        var doc = File.ReadAllText(path);
        int begin = doc.IndexOf(Begin, StringComparison.Ordinal), end = doc.IndexOf(End, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, "docs/spec-language.md lacks the diagnostics markers");
        var current = doc.Substring(begin, end + End.Length - begin);
        var expected = Table();
        if (current != expected && Environment.GetEnvironmentVariable("INTERPLOOP_ACCEPT_DOCS") == "1")
        {
            File.WriteAllText(path, doc.Substring(0, begin) + expected + doc.Substring(end + End.Length));
            return;
        }
        Assert.True(current == expected, "docs/spec-language.md's diagnostic table is stale; regenerate it (see the class comment). Expected:\n" + expected);
    }
}
