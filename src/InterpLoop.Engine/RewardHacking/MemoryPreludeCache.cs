namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// Preludes in memory, the <see cref="Capacity"/> most recently used, in front of an optional store. Safe to
/// use from several threads. A prelude that falls out is disposed as soon as no run holds a lease on it.
/// Capacity 0 keeps nothing: every run computes (or loads) its own prelude and frees it when it ends.
/// Two threads that miss the same key at once both compute it; the first to finish is kept (runs are
/// deterministic, so both preludes are the same) and the other is freed when its run ends.
/// </summary>
public sealed class MemoryPreludeCache : IPreludeCache, IDisposable
{
    /// <summary>A hunt varies the knobs preludes ignore over a few seeds and a choice or two of the others.</summary>
    public const int DefaultCapacity = 16;

    sealed class Entry(PreludeKey key, Prelude prelude)
    {
        public PreludeKey Key { get; } = key;
        public Prelude Prelude { get; } = prelude;
        public int Leases;
        public bool Cached;
        /// <summary>Stores that hold this prelude (it was loaded from or saved to them).</summary>
        public readonly HashSet<IPreludeStore> Stores = new(ReferenceEqualityComparer.Instance);
    }

    readonly Lock gate = new();
    readonly LinkedList<Entry> recent = new();                       // most recently used first
    readonly Dictionary<PreludeKey, LinkedListNode<Entry>> byKey = new();
    int hits, loads, computed;

    public MemoryPreludeCache(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
    }

    public int Capacity { get; }

    /// <summary>Preludes kept now.</summary>
    public int Count { get { lock (gate) return byKey.Count; } }

    /// <summary>Acquisitions answered from memory, from the store, and by computing, since the cache was made.</summary>
    public (int Memory, int Store, int Computed) Sources { get { lock (gate) return (hits, loads, computed); } }

    public PreludeLease Acquire(PreludeKey key, Func<Prelude> compute, IPreludeStore? store = null)
    {
        Entry? entry;
        lock (gate)
        {
            if (byKey.TryGetValue(key, out var node))
            {
                recent.Remove(node);
                recent.AddFirst(node);
                entry = node.Value;
                entry.Leases++;
                hits++;
            }
            else entry = null;
        }
        if (entry is not null)
        {
            if (store is not null) SaveOnce(entry, store);
            return Lease(entry, PreludeSource.Memory);
        }

        var (prelude, source) = LoadOrCompute(key, compute, store);
        entry = new Entry(key, prelude) { Leases = 1 };
        if (store is not null) entry.Stores.Add(store);
        lock (gate)
        {
            if (source == PreludeSource.Store) loads++; else computed++;
            if (Capacity > 0 && !byKey.ContainsKey(key))
            {
                entry.Cached = true;
                byKey[key] = recent.AddFirst(entry);
                while (byKey.Count > Capacity) Evict(recent.Last!);
            }
        }
        return Lease(entry, source);
    }

    static (Prelude, PreludeSource) LoadOrCompute(PreludeKey key, Func<Prelude> compute, IPreludeStore? store)
    {
        if (store?.LoadPrelude(key.Value) is { } bytes)
        {
            try { return (PreludeCodec.Decode(bytes, key), PreludeSource.Store); }
            catch (FormatException e) { store.ReportUnreadablePrelude(key.Value, e.Message); }
        }
        var prelude = compute();
        try { store?.SavePrelude(key.Value, PreludeCodec.Encode(prelude, key)); }
        catch
        {
            prelude.Dispose();
            throw;
        }
        return (prelude, PreludeSource.Computed);
    }

    void SaveOnce(Entry entry, IPreludeStore store)
    {
        lock (gate) if (!entry.Stores.Add(store)) return;
        if (store.LoadPrelude(entry.Key.Value) is null) store.SavePrelude(entry.Key.Value, PreludeCodec.Encode(entry.Prelude, entry.Key));
    }

    PreludeLease Lease(Entry entry, PreludeSource source) => new(entry.Prelude, source, () =>
    {
        bool free;
        lock (gate) free = --entry.Leases == 0 && !entry.Cached;
        if (free) entry.Prelude.Dispose();
    });

    /// <summary>Under the gate: drops the entry from the cache; frees it now unless a run still holds it.</summary>
    void Evict(LinkedListNode<Entry> node)
    {
        var entry = node.Value;
        recent.Remove(node);
        byKey.Remove(entry.Key);
        entry.Cached = false;
        if (entry.Leases == 0) entry.Prelude.Dispose();
    }

    /// <summary>Frees every kept prelude no run holds; those still leased are freed when their runs end.</summary>
    public void Dispose()
    {
        lock (gate)
            while (recent.First is { } node) Evict(node);
    }
}
