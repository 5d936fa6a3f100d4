extern alias generators;
using System.Collections.Immutable;
using generators::InterpLoop.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace InterpLoop.Approvals.Generators;

/// <summary>Drives <see cref="SpecGenerator"/> directly with CSharpGeneratorDriver, in memory, with step tracking on.</summary>
public static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    public static CSharpCompilation Compilation(params string[] sources) => CSharpCompilation.Create("Consumer",
        sources.Select(s => CSharpSyntaxTree.ParseText(s, ParseOptions)),
        Basic.Reference.Assemblies.Net100.References.All,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>InterpLoop.Hunt, as a consumer that gets the status locks references it.</summary>
    public static readonly MetadataReference Hunt = MetadataReference.CreateFromFile(typeof(InterpLoop.Hunt.StatusLock).Assembly.Location);

    /// <summary>A compilation that also references InterpLoop.Hunt, so the generator emits each recorded status' lock.</summary>
    public static CSharpCompilation CompilationWithHunt(params string[] sources) => Compilation(sources).AddReferences(Hunt);

    public static GeneratorDriver Driver(params AdditionalText[] specs) => Driver(null, specs);

    /// <param name="buildProperties">MSBuild properties the consumer makes visible to the generator (CompilerVisibleProperty).</param>
    public static GeneratorDriver Driver(IReadOnlyDictionary<string, string>? buildProperties, params AdditionalText[] specs) => CSharpGeneratorDriver.Create(
        new[] { new SpecGenerator().AsSourceGenerator() },
        additionalTexts: specs,
        parseOptions: ParseOptions,
        optionsProvider: new BuildProperties(buildProperties ?? new Dictionary<string, string>()),
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>What MSBuild passes for CompilerVisibleProperty items: global options named build_property.NAME.</summary>
    sealed class BuildProperties(IReadOnlyDictionary<string, string> properties) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider
    {
        readonly Options global = new(properties.ToDictionary(kv => "build_property." + kv.Key, kv => kv.Value));
        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GlobalOptions => global;
        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;
        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

        sealed class Options(IReadOnlyDictionary<string, string> values) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions
        {
            public static readonly Options Empty = new(new Dictionary<string, string>());
            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
        }
    }

    public sealed record Run(GeneratorDriver Driver, GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> Diagnostics);

    public static Run Execute(GeneratorDriver driver, Compilation compilation)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new Run(driver, driver.GetRunResult(), output, diagnostics);
    }

    public static Run Execute(params (string Path, string Text)[] specs) =>
        Execute(Driver(specs.Select(s => (AdditionalText)new InMemoryAdditionalText(s.Path, s.Text)).ToArray()), Compilation("class Placeholder { }"));

    /// <summary>As <see cref="Execute(ValueTuple{string, string}[])"/>, with InterpLoop.Hunt referenced: the status locks are emitted.</summary>
    public static Run ExecuteWithHunt(params (string Path, string Text)[] specs) =>
        Execute(Driver(specs.Select(s => (AdditionalText)new InMemoryAdditionalText(s.Path, s.Text)).ToArray()), CompilationWithHunt("class Placeholder { }"));

    /// <summary>The generated files, each under a header with its hint name, in hint-name order: what the approvals pin.</summary>
    public static string Render(GeneratorDriverRunResult result, bool includeSupport = false) => string.Join("\n",
        result.Results.SelectMany(r => r.GeneratedSources)
            .Where(s => includeSupport || s.HintName != "GeneratedSpecSupport.g.cs")
            .OrderBy(s => s.HintName, StringComparer.Ordinal)
            .Select(s => "==== " + s.HintName + " ====\n" + s.SourceText.ToString().Replace("\r\n", "\n")));

    public static string RepositoryFile(string relative, [System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", relative));
}
