using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace InterpLoop.Approvals.Generators;

/// <summary>
/// Spec errors become compiler diagnostics at the spec file's line and column: here through a compilation driven
/// in memory, rather than by breaking the build.
/// </summary>
public class SpecGeneratorDiagnosticTests
{
    // penalty.wieght is on line 6, column 5 (1-based); the second hypothesis is clean.
    public const string Misspelt = """
        hypothesis demo.misspelt
          scenario reward_hacking {
            penalty.route = reward
          }
          vary {
            penalty.wieght in 0 .. 10
          }
          claim always outcome == honest

        hypothesis demo.clean_neighbour
          scenario reward_hacking { }
          vary { steps in 100 .. 200 }
          claim always hack_rate < 0.5
        """;

    [Fact]
    public void A_misspelt_parameter_is_a_compiler_error_at_its_line_and_column()
    {
        var run = GeneratorHarness.Execute(("/specs/misspelt.ilspec", Misspelt));
        var d = Assert.Single(run.Diagnostics);
        Assert.Equal("IL0003", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        var span = d.Location.GetLineSpan();
        Assert.Equal("/specs/misspelt.ilspec", span.Path);
        Assert.Equal(new LinePosition(5, 4), span.StartLinePosition);   // line 6, column 5
        Assert.Equal(new LinePosition(5, 18), span.EndLinePosition);
        Assert.Equal("penalty.wieght", Misspelt.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
        Assert.Contains("did you mean 'penalty.weight'?", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        // The form the build prints, which editors link to the spec file.
        Assert.Equal("/specs/misspelt.ilspec(6,5): error IL0003: unknown parameter 'penalty.wieght' of scenario reward_hacking (did you mean 'penalty.weight'?)", d.ToString());
    }

    [Fact]
    public void The_broken_hypothesis_generates_nothing_and_its_clean_neighbour_still_generates()
    {
        var run = GeneratorHarness.Execute(("/specs/misspelt.ilspec", Misspelt));
        var hints = run.Result.Results.Single().GeneratedSources.Select(s => s.HintName).OrderBy(h => h, StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "GeneratedSpecSupport.g.cs", "Misspelt.DemoCleanNeighbour.g.cs" }, hints);
    }

    [Fact]
    public void Every_error_of_a_file_is_reported_in_one_pass()
    {
        const string text = """
            hypothesis demo.two_errors
              scenario reward_hacking { penalty.route = rewrd }
              vary { kl.beta in 0 .. 1 log }
              claim always outcome == honest
            """;
        var run = GeneratorHarness.Execute(("/specs/two.ilspec", text));
        Assert.Equal(new[] { "IL0007", "IL0009" }, run.Diagnostics.Select(d => d.Id).ToArray());
        Assert.All(run.Diagnostics, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
    }

    [Fact]
    public void Roslyn_descriptors_come_from_the_spec_library()
    {
        foreach (var spec in InterpLoop.Spec.Diagnostics.DiagnosticDescriptors.All)
        {
            var roslyn = GeneratorDescriptors.Of(spec.Id);
            Assert.Equal(spec.Title, roslyn.Title.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(spec.Severity == InterpLoop.Spec.Diagnostics.DiagnosticSeverity.Error ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, roslyn.DefaultSeverity);
        }
    }
}
