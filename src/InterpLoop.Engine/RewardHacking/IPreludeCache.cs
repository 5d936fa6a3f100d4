namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// Where a scenario keeps preludes between runs. A run acquires its prelude for as long as it trains and
/// releases it by disposing the lease; a cache must not dispose a prelude while a lease on it is open.
/// </summary>
public interface IPreludeCache
{
    /// <summary>
    /// The prelude of <paramref name="key"/>: kept, else loaded from <paramref name="store"/> (when given), else
    /// computed by <paramref name="compute"/> (and then saved to <paramref name="store"/>).
    /// </summary>
    PreludeLease Acquire(PreludeKey key, Func<Prelude> compute, IPreludeStore? store = null);
}
