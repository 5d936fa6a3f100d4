namespace InterpLoop.Hunt.Search;

/// <summary>
/// A configuration judged on its seeds. <see cref="Hit"/>: what the hunt looks for happened on a majority of the
/// planned seeds (the claim failed, for `always`; held, for `sometimes`). <see cref="Score"/>: the mean margin
/// toward a hit over the seeds run, the quantity the targeted search climbs.
/// </summary>
public sealed record Evaluation(Point Point, IReadOnlyList<Trial> Trials, bool Hit, double Score)
{
    public int Runs => Trials.Sum(t => t.B is null ? 1 : 2);
}
