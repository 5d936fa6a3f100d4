namespace InterpLoop.Hunt.Atlas;

/// <summary>What an atlas maps: two varied parameters, the points per axis, the seeds per cell, and for a paired claim which side.</summary>
public sealed record AtlasOptions(string X, string Y)
{
    public const int DefaultGrid = 5, DefaultSeeds = 3;

    /// <summary>Points per range axis (a set axis always has all its members).</summary>
    public int Grid { get; init; } = DefaultGrid;

    /// <summary>Each cell runs seeds 0 .. Seeds − 1.</summary>
    public int Seeds { get; init; } = DefaultSeeds;

    /// <summary>Required for a paired claim, refused for any other.</summary>
    public AtlasSide? Side { get; init; }
}
