using Microsoft.CodeAnalysis;

namespace InterpLoop.Generators
{
    /// <summary>
    /// Turns <c>.ilspec</c> AdditionalFiles into typed configs and property tests. The spec language and
    /// its emitters arrive with the spec-language work; for now the pipeline only selects the spec files.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class SpecGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var specs = context.AdditionalTextsProvider
                .Where(static t => t.Path.EndsWith(".ilspec", System.StringComparison.OrdinalIgnoreCase))
                .Select(static (t, _) => t.Path)
                .WithTrackingName("SelectSpecs");
            context.RegisterSourceOutput(specs, static (_, _) => { });
        }
    }
}
