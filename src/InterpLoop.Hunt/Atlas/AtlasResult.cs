namespace InterpLoop.Hunt.Atlas;

/// <summary>A finished atlas as data: its grid and one cell per grid point, in the grid's order.</summary>
public sealed record AtlasResult(AtlasGrid Grid, IReadOnlyList<AtlasCell> Cells)
{
    public IReadOnlyList<long> Seeds => Enumerable.Range(0, Grid.Options.Seeds).Select(s => (long)s).ToList();
    public int Runs => Cells.Sum(c => c.Runs.Count);
}
