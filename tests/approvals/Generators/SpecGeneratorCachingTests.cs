extern alias generators;
using System.Collections;
using System.Reflection;
using generators::InterpLoop.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace InterpLoop.Approvals.Generators;

/// <summary>
/// The generator is incremental: a second run after an unrelated edit, or with the same inputs, takes every
/// tracked step from the cache; and its model holds no Roslyn symbols, syntax or locations.
/// </summary>
public class SpecGeneratorCachingTests
{
    // With InterpLoop.Hunt referenced, so the status-lock steps carry a lock (universal's `status holds`) through the cache too.
    static GeneratorHarness.Run FirstRun(out Compilation compilation)
    {
        compilation = GeneratorHarness.CompilationWithHunt("class Placeholder { }");
        var driver = GeneratorHarness.Driver(
            new InMemoryAdditionalText("/specs/universal.ilspec", SpecGeneratorApprovals.Universal),
            new InMemoryAdditionalText("/specs/paired.ilspec", SpecGeneratorApprovals.Paired),
            new InMemoryAdditionalText("/specs/broken.ilspec", SpecGeneratorDiagnosticTests.Misspelt));
        return GeneratorHarness.Execute(driver, compilation);
    }

    static void AssertEveryStepCached(GeneratorRunResult result)
    {
        foreach (var name in SpecGenerator.TrackingNames.All)
        {
            Assert.True(result.TrackedSteps.TryGetValue(name, out var steps), $"step {name} was not tracked");
            Assert.NotEmpty(steps);
            foreach (var step in steps)
                foreach (var (_, reason) in step.Outputs)
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {name}: {reason}");
        }
        foreach (var (_, steps) in result.TrackedOutputSteps)
            foreach (var step in steps)
                foreach (var (_, reason) in step.Outputs)
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"output step: {reason}");
    }

    [Fact]
    public void Second_run_after_an_unrelated_edit_is_cached()
    {
        var first = FirstRun(out var compilation);
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Unrelated { int X => 1; }", GeneratorHarness.ParseOptions));
        var second = GeneratorHarness.Execute(first.Driver, edited);
        AssertEveryStepCached(second.Result.Results.Single());
        Assert.Equal(GeneratorHarness.Render(first.Result, true), GeneratorHarness.Render(second.Result, true));
    }

    [Fact]
    public void Second_run_with_the_same_inputs_is_cached()
    {
        var first = FirstRun(out var compilation);
        var second = GeneratorHarness.Execute(first.Driver, compilation);
        AssertEveryStepCached(second.Result.Results.Single());
    }

    [Fact]
    public void The_first_run_emits_the_status_lock()
    {
        var rendered = GeneratorHarness.Render(FirstRun(out _).Result);
        Assert.Contains("public void Status_stands()", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void Adding_the_hunt_reference_adds_the_locks_without_reanalysing_any_spec()
    {
        var compilation = GeneratorHarness.Compilation("class Placeholder { }");
        var first = GeneratorHarness.Execute(GeneratorHarness.Driver(
            new InMemoryAdditionalText("/specs/universal.ilspec", SpecGeneratorApprovals.Universal),
            new InMemoryAdditionalText("/specs/paired.ilspec", SpecGeneratorApprovals.Paired)), compilation);
        Assert.DoesNotContain("Status_stands", GeneratorHarness.Render(first.Result), StringComparison.Ordinal);

        var second = GeneratorHarness.Execute(first.Driver, compilation.AddReferences(GeneratorHarness.Hunt));
        var result = second.Result.Results.Single();
        Assert.All(result.TrackedSteps[SpecGenerator.TrackingNames.AnalyzeSpec].SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.All(result.TrackedSteps[SpecGenerator.TrackingNames.StatusLocks].SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Modified, o.Reason));
        Assert.Contains("public void Status_stands()", GeneratorHarness.Render(second.Result), StringComparison.Ordinal);
    }

    [Fact]
    public void Editing_one_spec_reanalyses_only_that_spec()
    {
        var compilation = GeneratorHarness.Compilation("class Placeholder { }");
        var universal = new InMemoryAdditionalText("/specs/universal.ilspec", SpecGeneratorApprovals.Universal);
        var paired = new InMemoryAdditionalText("/specs/paired.ilspec", SpecGeneratorApprovals.Paired);
        var first = GeneratorHarness.Execute(GeneratorHarness.Driver(universal, paired), compilation);
        var driver = first.Driver.ReplaceAdditionalText(paired,
            new InMemoryAdditionalText("/specs/paired.ilspec", SpecGeneratorApprovals.Paired.Replace("trials 2", "trials 4")));
        var second = GeneratorHarness.Execute(driver, compilation).Result.Results.Single();
        var analyzed = second.TrackedSteps[SpecGenerator.TrackingNames.AnalyzeSpec].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(1, analyzed.Count(r => r == IncrementalStepRunReason.Cached));
        Assert.Equal(1, analyzed.Count(r => r == IncrementalStepRunReason.Modified));
    }

    [Fact]
    public void The_model_holds_no_roslyn_symbols_syntax_or_locations()
    {
        var result = FirstRun(out _).Result.Results.Single();
        foreach (var name in SpecGenerator.TrackingNames.All)
            foreach (var step in result.TrackedSteps[name])
                foreach (var (value, _) in step.Outputs)
                    AssertPlain(value, name, 0);
    }

    static void AssertPlain(object? value, string where, int depth)
    {
        if (value == null || depth > 8) return;
        var type = value.GetType();
        Assert.False(value is ISymbol or SyntaxNode or Location or Compilation or SemanticModel, $"{where} holds a {type.Name}");
        if (type.IsPrimitive || value is string || type.IsEnum) return;
        if (value is IEnumerable items) { foreach (var item in items) AssertPlain(item, where, depth + 1); return; }
        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            AssertPlain(field.GetValue(value), where + "." + field.Name, depth + 1);
    }
}
