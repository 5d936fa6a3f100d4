namespace InterpLoop.Engine.RewardHacking;

/// <summary>A run's hold on a prelude: the cache keeps it alive until this is disposed.</summary>
public sealed class PreludeLease : IDisposable
{
    Action? release;

    internal PreludeLease(Prelude prelude, PreludeSource source, Action release)
    {
        Prelude = prelude;
        Source = source;
        this.release = release;
    }

    public Prelude Prelude { get; }

    /// <summary>Where the prelude came from for this run.</summary>
    public PreludeSource Source { get; }

    public void Dispose() => Interlocked.Exchange(ref release, null)?.Invoke();
}

/// <summary>Where an acquired prelude came from.</summary>
public enum PreludeSource { Computed, Memory, Store }
