using InterpLoop.Spec.Catalog;

namespace InterpLoop.Hunt.Search;

/// <summary>One training run a batch asks for: the scenario's assignments (the rest at their defaults) and a seed.</summary>
public sealed record RunRequest(IReadOnlyDictionary<string, ParameterValue> Assignments, long Seed);
