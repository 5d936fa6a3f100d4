using InterpLoop.Spec.Catalog;

namespace InterpLoop.Engine;

/// <summary>One run to make: a configuration (overrides of the catalog defaults) and a seed.</summary>
public sealed record RunRequest(IReadOnlyDictionary<string, ParameterValue> Assignments, long Seed);
