namespace InterpLoop.Hunt;

/// <summary>What a finding shows: a counterexample to a <c>claim always</c> (or <c>paired</c>), or a witness of a <c>claim sometimes</c>.</summary>
public enum FindingVerdict { Counterexample, Witness }
