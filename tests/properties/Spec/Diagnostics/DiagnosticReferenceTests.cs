using System.Text;
using InterpLoop.Properties.Docs;
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
    public void The_reference_lists_every_diagnostic_as_defined() =>
        GeneratedDocSection.AssertCurrent(Path.Combine("docs", "spec-language.md"), Begin, End, Table());
}
