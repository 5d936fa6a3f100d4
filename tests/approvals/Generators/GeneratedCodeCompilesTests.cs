using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace InterpLoop.Approvals.Generators;

/// <summary>
/// The code generated for the representative specs compiles, warning-free with nullable on, against what a
/// consuming test project references (the spec library, the engine, FsCheck, xunit). The built-in specs are
/// compiled for real by tests/properties; these cover the shapes they do not (paired, nothing varied, log integers,
/// the status locks of `holds` and `refuted by`).
/// </summary>
public class GeneratedCodeCompilesTests
{
    static IEnumerable<MetadataReference> ConsumerReferences() =>
        Basic.Reference.Assemblies.Net100.References.All.Concat(new[]
        {
            typeof(InterpLoop.Spec.Catalog.ParameterValue).Assembly,
            typeof(InterpLoop.Engine.RewardHacking.RewardHackingConfig).Assembly,
            typeof(InterpLoop.Hunt.StatusLock).Assembly, // so the status locks are emitted and compiled too
            typeof(FsCheck.Fluent.Gen).Assembly,
            typeof(Microsoft.FSharp.Core.FSharpFunc<,>).Assembly,
            typeof(FactAttribute).Assembly,
            typeof(Assert).Assembly,
        }.Select(a => (MetadataReference)MetadataReference.CreateFromFile(a.Location)));

    [Fact]
    public void Generated_code_compiles_without_warnings()
    {
        var compilation = CSharpCompilation.Create("Consumer",
            new[] { CSharpSyntaxTree.ParseText("class Placeholder { }", GeneratorHarness.ParseOptions) },
            ConsumerReferences(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                // As the SDK does: assembly-version unification notes, not problems in the generated code.
                .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress }));
        var atlas = File.ReadAllText(GeneratorHarness.RepositoryFile("spec/atlas-2026.ilspec"));
        var driver = GeneratorHarness.Driver(
            new InMemoryAdditionalText("/specs/universal.ilspec", SpecGeneratorApprovals.Universal),
            new InMemoryAdditionalText("/specs/paired.ilspec", SpecGeneratorApprovals.Paired),
            new InMemoryAdditionalText("/specs/existential.ilspec", SpecGeneratorApprovals.Existential),
            new InMemoryAdditionalText("/specs/mixed-parameter.ilspec", File.ReadAllText(GeneratorHarness.RepositoryFile(SpecGeneratorApprovals.MixedParameterSpec))),
            new InMemoryAdditionalText("/specs/atlas-2026.ilspec", atlas));
        var run = GeneratorHarness.Execute(driver, compilation);
        Assert.Empty(run.Diagnostics);
        // The locks of universal (holds), existential (witnessed by) and every recorded status of the atlas library are among what compiled.
        int atlasLocks = System.Text.RegularExpressions.Regex.Matches(atlas, @"^\s*status (?!unknown)", System.Text.RegularExpressions.RegexOptions.Multiline).Count;
        Assert.True(atlasLocks > 0);
        Assert.Equal(2 + atlasLocks, run.Result.GeneratedTrees.Count(t => t.ToString().Contains("public void Status_stands()", StringComparison.Ordinal)));
        var problems = run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
