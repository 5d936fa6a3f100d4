namespace InterpLoop.Engine;

/// <summary>The named cut-offs of the outcome taxonomy; recorded in every result through the config.</summary>
public sealed record OutcomeThresholds(double HonestCutoff = 0.3, double DegenerateCutoff = 0.3, double RecallCutoff = 0.5);
