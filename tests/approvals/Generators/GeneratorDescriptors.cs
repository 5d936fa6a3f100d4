extern alias generators;
using Microsoft.CodeAnalysis;

namespace InterpLoop.Approvals.Generators;

static class GeneratorDescriptors
{
    public static DiagnosticDescriptor Of(string id) => generators::InterpLoop.Generators.SpecGenerator.Descriptor(id);
}
