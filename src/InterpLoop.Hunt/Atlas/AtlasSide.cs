namespace InterpLoop.Hunt.Atlas;

/// <summary>Which run of a paired claim an atlas maps: each cell is one configuration, and a paired claim has two per point.</summary>
public enum AtlasSide
{
    A,
    B,
}
