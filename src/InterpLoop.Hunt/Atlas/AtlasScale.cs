namespace InterpLoop.Hunt.Atlas;

/// <summary>How an atlas axis spaces its points, and so how a picture draws it.</summary>
public enum AtlasScale
{
    /// <summary>A range spaced evenly.</summary>
    Linear,
    /// <summary>A `log` range, spaced evenly in log space.</summary>
    Log,
    /// <summary>A set of values (choices, or numbers listed in braces): every member, in the catalog's simplest-first order.</summary>
    Set,
}
