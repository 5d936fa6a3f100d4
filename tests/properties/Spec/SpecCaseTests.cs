using InterpLoop.Spec;
using InterpLoop.Spec.Catalog;
using InterpLoop.Spec.Checking;
using InterpLoop.Spec.Diagnostics;

namespace InterpLoop.Properties.Spec;

/// <summary>
/// Every bad-spec case under Spec/Cases is parsed and checked; the diagnostics must be exactly the ones its
/// comments expect (ID, line, column) and carry the expected words.
/// </summary>
public class SpecCaseTests
{
    static readonly string CaseFolder = Path.Combine(AppContext.BaseDirectory, "Spec", "Cases");

    /// <summary>In the cases only findings/present.json exists.</summary>
    public static readonly SpecCheckOptions Options = new(new[] { RewardHackingCatalog.Catalog }, path => path == "findings/present.json");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(CaseFolder, "*.ilspec").OrderBy(f => f, StringComparer.Ordinal)) data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_case_reports_exactly_its_expected_diagnostics(string name)
    {
        var text = File.ReadAllText(Path.Combine(CaseFolder, name));
        var expected = ExpectedDiagnostic.Read(text);
        Assert.NotEmpty(expected);
        var (_, actual) = SpecAnalysis.Analyze(name, text, Options);

        string Key(string id, int line, int column) => $"{id} at {line}:{column}";
        var actualKeys = actual.Select(d => Key(d.Id, d.Span.Line, d.Span.Column)).OrderBy(k => k).ToList();
        var expectedKeys = expected.Select(e => Key(e.Id, e.Line, e.Column)).OrderBy(k => k).ToList();
        Assert.True(expectedKeys.SequenceEqual(actualKeys),
            $"expected:\n  {string.Join("\n  ", expectedKeys)}\nactual:\n  {string.Join("\n  ", actual.Select(d => $"{Key(d.Id, d.Span.Line, d.Span.Column)} {d.Message} | hint: {d.Hint}"))}");

        foreach (var e in expected)
        {
            var d = actual.First(a => a.Id == e.Id && a.Span.Line == e.Line && a.Span.Column == e.Column);
            foreach (var fragment in e.Fragments)
                Assert.True((d.Message + " " + d.Hint).Contains(fragment, StringComparison.Ordinal),
                    $"{e.Id} at {e.Line}:{e.Column}: '{fragment}' not in \"{d.Message}\" (hint: \"{d.Hint}\")");
        }
    }

    [Fact]
    public void Every_diagnostic_id_is_covered_by_a_case()
    {
        var covered = Directory.GetFiles(CaseFolder, "*.ilspec").SelectMany(f => ExpectedDiagnostic.Read(File.ReadAllText(f))).Select(e => e.Id).ToHashSet();
        var missing = DiagnosticDescriptors.All.Select(d => d.Id).Where(id => !covered.Contains(id)).ToList();
        Assert.True(missing.Count == 0, "no case covers " + string.Join(", ", missing));
    }

    [Fact]
    public void There_are_at_least_thirty_cases() => Assert.True(Directory.GetFiles(CaseFolder, "*.ilspec").Length >= 30);

    [Fact]
    public void Diagnostic_ids_are_unique_and_sequential()
    {
        var ids = DiagnosticDescriptors.All.Select(d => d.Id).ToList();
        Assert.Equal(ids.Distinct().Count(), ids.Count);
        Assert.Equal(Enumerable.Range(1, ids.Count).Select(i => $"IL{i:D4}"), ids);
    }
}
