namespace InterpLoop.Hunt;

/// <summary>
/// A hunt's knobs, every default here. <see cref="Budget"/> counts training runs: search, shrinking and the
/// fresh-seed reproduction all spend it, and the hunt never exceeds it.
/// </summary>
public sealed record HuntOptions
{
    /// <summary>The default budget when neither the command line nor the spec states one: a few minutes at the default model size.</summary>
    public const int DefaultBudget = 24;

    public HuntStrategy Strategy { get; init; } = HuntStrategy.Targeted;
    public int Budget { get; init; } = DefaultBudget;
    /// <summary>Drives the search's sampling; the training seeds are 0 .. trials − 1, then fresh ones above.</summary>
    public ulong Seed { get; init; }
    /// <summary>Fresh seeds a counterexample is re-run on (at least <see cref="Spec.Checking.HuntCosts.FreshSeeds"/>).</summary>
    public int FreshSeeds { get; init; } = Spec.Checking.HuntCosts.FreshSeeds;
    /// <summary>A counterexample that reproduces on fewer than this share of fresh seeds is fragile, not a finding.</summary>
    public double FragileBelow { get; init; } = 0.5;
    /// <summary>Whether to shrink a counterexample toward the region's simple end.</summary>
    public bool Shrink { get; init; } = true;
    /// <summary>
    /// Stop when the search first hits, before shrinking and reproduction (the search-efficiency benchmark
    /// measures only runs to the first hit). The verdict is then the no-counterexample one, with <see cref="HuntResult.Original"/> set.
    /// </summary>
    public bool StopAtFirstHit { get; init; }
    /// <summary>
    /// Configurations judged before the search, in order: the one a recorded finding names (Hypothesis' example
    /// database), so a counterexample or witness the library already holds is tried first rather than found again
    /// only if the search happens to pass by it. One that still hits goes to the fresh seeds unshrunk (it was shrunk when
    /// it was found); one that does not leaves the search to go on as without it. One not in the region (<see cref="Search.SearchSpace.PointOf"/>) is skipped.
    /// </summary>
    public IReadOnlyList<IReadOnlyDictionary<string, Spec.Catalog.ParameterValue>> Replay { get; init; } = Array.Empty<IReadOnlyDictionary<string, Spec.Catalog.ParameterValue>>();
}
