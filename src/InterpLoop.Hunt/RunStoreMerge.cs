namespace InterpLoop.Hunt;

/// <summary>What <see cref="RunStore.Merge"/> did: runs (and preludes) copied in, and runs (and preludes) the store already had.</summary>
public sealed record RunStoreMerge(int Merged, int AlreadyPresent, int PreludesMerged, int PreludesAlreadyPresent = 0);
