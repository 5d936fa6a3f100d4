namespace InterpLoop.Engine;

/// <summary>Where a run is: its phase (e.g. "pretrain", "probe", "rl", "eval") and step within it.</summary>
public sealed record TrainingProgress(string Phase, int Step, int Steps, double? Loss = null);
