using InterpLoop.Spec.Catalog;

namespace InterpLoop.Hunt.Atlas;

/// <summary>
/// One grid cell before it runs: its place on the two axes, the assignments its runs get (fixed, held, the two
/// axis values, and the paired side's), and whether the hypothesis' `assume` admits it.
/// </summary>
public sealed record AtlasPoint(int XIndex, int YIndex, ParameterValue X, ParameterValue Y,
    IReadOnlyDictionary<string, ParameterValue> Assignments, bool Admitted);
