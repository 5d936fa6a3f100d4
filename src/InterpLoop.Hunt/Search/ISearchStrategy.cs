namespace InterpLoop.Hunt.Search;

/// <summary>Where to look next, given what the hunt has judged so far. Deterministic in its seed.</summary>
public interface ISearchStrategy
{
    /// <summary>A point not yet judged (the hunt checks), admitted by the assume.</summary>
    Point Next(IReadOnlyDictionary<Point, Evaluation> judged);

    /// <summary>The judgement of the point last returned.</summary>
    void Observe(Evaluation evaluation);
}
