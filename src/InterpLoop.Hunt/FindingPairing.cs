using InterpLoop.Spec.Catalog;

namespace InterpLoop.Hunt;

/// <summary>The assignments a paired claim adds to the finding's configuration to make run A and run B.</summary>
public sealed record FindingPairing(IReadOnlyDictionary<string, ParameterValue> A, IReadOnlyDictionary<string, ParameterValue> B);
