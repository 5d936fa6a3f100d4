namespace InterpLoop.Hunt.Search;

/// <summary>Plain property-based testing: FsCheck's samples of the region in order, the assume as a filter.</summary>
public sealed class RandomSearch(SearchSpace space, ulong seed) : ISearchStrategy
{
    readonly IEnumerator<Point> samples = space.Stream(seed).GetEnumerator();

    public Point Next(IReadOnlyDictionary<Point, Evaluation> judged)
    {
        // A repeat costs nothing to skip, and a small region repeats often; bound the skipping all the same.
        for (int i = 0; i < 10_000; i++)
        {
            samples.MoveNext();
            if (!judged.ContainsKey(samples.Current)) return samples.Current;
        }
        return samples.Current;
    }

    public void Observe(Evaluation evaluation) { }
}
