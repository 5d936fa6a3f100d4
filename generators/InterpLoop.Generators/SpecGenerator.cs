using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using InterpLoop.Generators.Emit;
using InterpLoop.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using SpecDescriptors = InterpLoop.Spec.Diagnostics.DiagnosticDescriptors;
using SpecSeverity = InterpLoop.Spec.Diagnostics.DiagnosticSeverity;

namespace InterpLoop.Generators
{
    /// <summary>
    /// Turns <c>.ilspec</c> AdditionalFiles into typed configs, FsCheck arbitraries, compiled claims and property
    /// tests (namespace InterpLoop.Generated). Spec errors become compiler diagnostics at the spec file's line and
    /// column, so they show in an editor and fail the build.
    /// Pipeline (tracking names in quotes): "SpecFiles" (path and text) → "AnalyzeSpec" (parse and check to an
    /// equatable <see cref="SpecModel"/>) → "SpecDiagnostics", "Hypotheses" (one model per clean hypothesis) and
    /// "AnyHypothesis" (whether to add the shared support file); "StatusLocks" (whether the compilation sees
    /// InterpLoop.Hunt's StatusLock, reduced to a bool) is combined with "Hypotheses" in "HypothesesWithLocks", so a
    /// hypothesis whose status is `holds` or `refuted by` also gets a regression-lock test, only where it can compile.
    /// The consuming project references InterpLoop.Spec, FsCheck 3, xunit, the engine of each scenario it uses
    /// (InterpLoop.Engine for reward_hacking) and, for the status locks, InterpLoop.Hunt.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class SpecGenerator : IIncrementalGenerator
    {
        public const string Extension = ".ilspec";

        public static class TrackingNames
        {
            public const string SpecFiles = "SpecFiles";
            public const string AnalyzeSpec = "AnalyzeSpec";
            public const string SpecDiagnostics = "SpecDiagnostics";
            public const string Hypotheses = "Hypotheses";
            public const string AnyHypothesis = "AnyHypothesis";
            public const string StatusLocks = "StatusLocks";
            public const string HypothesesWithLocks = "HypothesesWithLocks";
            public static readonly string[] All = { SpecFiles, AnalyzeSpec, SpecDiagnostics, Hypotheses, AnyHypothesis, StatusLocks, HypothesesWithLocks };
        }

        /// <summary>The type a status-lock test calls; its lock is emitted only when the compilation can see it.</summary>
        public const string StatusLockType = "InterpLoop.Hunt.StatusLock";

        /// <summary>
        /// The MSBuild property (made visible with CompilerVisibleProperty) that picks which recorded statuses get a lock:
        /// <see cref="LockModes.All"/> (the default) or <see cref="LockModes.Findings"/>, only those that name a finding and
        /// train nothing. A project whose test run must stay short takes Findings and re-hunts `holds` and `unwitnessed`
        /// elsewhere (this repository: the main job in .ci/run).
        /// </summary>
        public const string StatusLocksProperty = "InterpLoopStatusLocks";

        public static class LockModes
        {
            public const string None = "none", Findings = "findings", All = "all";
        }

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var specs = context.AdditionalTextsProvider
                .Where(static t => t.Path.EndsWith(Extension, StringComparison.OrdinalIgnoreCase))
                .Select(static (t, ct) => (Path: t.Path, Text: t.GetText(ct)?.ToString() ?? ""))
                .WithTrackingName(TrackingNames.SpecFiles)
                .Select(static (f, _) => ModelBuilder.Build(f.Path, f.Text))
                .WithTrackingName(TrackingNames.AnalyzeSpec);

            var diagnostics = specs.Select(static (m, _) => m.Diagnostics).WithTrackingName(TrackingNames.SpecDiagnostics);
            context.RegisterSourceOutput(diagnostics, static (spc, ds) =>
            {
                foreach (var d in ds) spc.ReportDiagnostic(ToRoslyn(d));
            });

            // The shared helpers only when some hypothesis uses them, so a project with no clean spec needs no FsCheck or spec library.
            var anyHypothesis = specs.Collect().Select(static (ms, _) => ms.Any(m => m.Hypotheses.Count > 0)).WithTrackingName(TrackingNames.AnyHypothesis);
            context.RegisterSourceOutput(anyHypothesis, static (spc, any) =>
            {
                if (any) spc.AddSource(SupportEmitter.HintName, SourceText.From(SupportEmitter.Text, Encoding.UTF8));
            });

            // Reduced to a string at once, so a new compilation (every edit) that still sees the type leaves the step unchanged
            // and the hypotheses combined with it stay cached; the Compilation itself never enters the model.
            var lockOption = context.AnalyzerConfigOptionsProvider
                .Select(static (o, _) => o.GlobalOptions.TryGetValue("build_property." + StatusLocksProperty, out var v) && v.Length > 0 ? v : LockModes.All);
            var statusLocks = context.CompilationProvider
                .Select(static (c, _) => c.GetTypeByMetadataName(StatusLockType) != null)
                .Combine(lockOption)
                .Select(static (x, _) => x.Left ? x.Right : LockModes.None)
                .WithTrackingName(TrackingNames.StatusLocks);

            var hypotheses = specs.SelectMany(static (m, _) => m.Hypotheses).WithTrackingName(TrackingNames.Hypotheses)
                .Combine(statusLocks).WithTrackingName(TrackingNames.HypothesesWithLocks);
            context.RegisterSourceOutput(hypotheses, static (spc, x) =>
                spc.AddSource(HypothesisEmitter.HintName(x.Left), SourceText.From(HypothesisEmitter.Emit(x.Left, statusLocks: x.Right), Encoding.UTF8)));
        }

        const string Category = "InterpLoop.Spec";

        // One Roslyn descriptor per spec-library descriptor, so the IDs, titles and severities are defined once
        // (src/InterpLoop.Spec/Diagnostics/DiagnosticDescriptors.cs). The message is the spec library's, filled in.
        // Release tracking (RS2008) does not apply: the IDs are not constants here but the spec language's own, tracked
        // by its DiagnosticDescriptors and the generated docs/spec-language.md, so no AnalyzerReleases files are kept.
        static readonly Dictionary<string, DiagnosticDescriptor> Descriptors = SpecDescriptors.All
            .Select(d => new DiagnosticDescriptor(d.Id, d.Title, "{0}", Category,
                d.Severity == SpecSeverity.Error ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, isEnabledByDefault: true))
            .Concat(new[]
            {
                new DiagnosticDescriptor(ModelBuilder.GeneratorFailureId, "The generator could not compile a checked hypothesis", "{0}", Category,
                    DiagnosticSeverity.Error, isEnabledByDefault: true),
            })
            .ToDictionary(d => d.Id);

        /// <summary>The Roslyn descriptor of a spec diagnostic ID (for tests and tools).</summary>
        public static DiagnosticDescriptor Descriptor(string id) => Descriptors[id];

        static Diagnostic ToRoslyn(DiagnosticModel d)
        {
            var span = new LinePositionSpan(new LinePosition(Math.Max(0, d.Line - 1), Math.Max(0, d.Column - 1)),
                new LinePosition(Math.Max(0, d.EndLine - 1), Math.Max(0, d.EndColumn - 1)));
            var location = Location.Create(d.Path, new TextSpan(Math.Max(0, d.Offset), Math.Max(0, d.Length)), span);
            var message = d.Hint.Length == 0 ? d.Message : d.Message + " (" + d.Hint + ")";
            if (!Descriptors.TryGetValue(d.Id, out var descriptor))
                descriptor = new DiagnosticDescriptor(d.Id, d.Id, "{0}", Category, d.IsError ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, true);
            return Diagnostic.Create(descriptor, location, message);
        }
    }
}
