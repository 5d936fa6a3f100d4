namespace InterpLoop.Hunt;

/// <summary>One difference between a recorded seed and its replay: what, and the old and new value as text.</summary>
public sealed record ReplayChange(string What, string Recorded, string Now);
