namespace InterpLoop.Hunt.Atlas;

/// <summary>What an atlas reports as it goes: cells finished of all, runs taken of all the admitted cells need, and the run starting now.</summary>
public sealed record AtlasProgress(int CellsDone, int Cells, int RunsDone, int Runs, string Current, long Seed);
