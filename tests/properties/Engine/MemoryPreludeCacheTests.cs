using InterpLoop.Engine.RewardHacking;

namespace InterpLoop.Properties.Engine;

/// <summary>The in-memory prelude cache: bounded, least recently used out, freed on eviction but never under a held lease, thread-safe.</summary>
public class MemoryPreludeCacheTests
{
    static PreludeKey Key(int i) => PreludeKey.Of(SmallRuns.Config, i);

    [Fact]
    public void The_least_recently_used_prelude_is_evicted_and_freed()
    {
        using var cache = new MemoryPreludeCache(capacity: 2);
        var made = new Dictionary<int, Prelude>();
        Prelude Make(int i) => made[i] = TinyPreludes.Make(i);

        foreach (var i in new[] { 0, 1 }) cache.Acquire(Key(i), () => Make(i)).Dispose();
        using (var hit = cache.Acquire(Key(0), () => throw new InvalidOperationException("0 is cached")))
            Assert.Equal(PreludeSource.Memory, hit.Source);
        cache.Acquire(Key(2), () => Make(2)).Dispose();   // 1 is now the least recently used

        Assert.Equal(2, cache.Count);
        Assert.True(TinyPreludes.Disposed(made[1]));
        Assert.False(TinyPreludes.Disposed(made[0]));
        Assert.False(TinyPreludes.Disposed(made[2]));
        Assert.Equal((1, 0, 3), cache.Sources);
        cache.Dispose();
        Assert.All(made.Values, p => Assert.True(TinyPreludes.Disposed(p)));
    }

    [Fact]
    public void An_evicted_prelude_lives_until_its_last_lease_is_released()
    {
        using var cache = new MemoryPreludeCache(capacity: 1);
        var first = TinyPreludes.Make(0);
        var held = cache.Acquire(Key(0), () => first);
        var again = cache.Acquire(Key(0), () => throw new InvalidOperationException("0 is cached"));
        cache.Acquire(Key(1), () => TinyPreludes.Make(1)).Dispose();   // evicts 0 while two runs hold it

        Assert.Equal(1, cache.Count);
        held.Dispose();
        held.Dispose();                                                  // a lease releases once
        Assert.False(TinyPreludes.Disposed(first));
        again.Dispose();
        Assert.True(TinyPreludes.Disposed(first));
    }

    [Fact]
    public void Capacity_zero_keeps_nothing_and_frees_each_prelude_after_its_run()
    {
        using var cache = new MemoryPreludeCache(capacity: 0);
        var preludes = new List<Prelude>();
        for (int i = 0; i < 2; i++)
        {
            using var lease = cache.Acquire(Key(0), () => { var p = TinyPreludes.Make(0); preludes.Add(p); return p; });
            Assert.Equal(PreludeSource.Computed, lease.Source);
            Assert.False(TinyPreludes.Disposed(lease.Prelude));
        }
        Assert.Equal(0, cache.Count);
        Assert.Equal(2, preludes.Count);
        Assert.All(preludes, p => Assert.True(TinyPreludes.Disposed(p)));
    }

    [Fact]
    public void A_store_behind_the_cache_is_read_on_a_miss_and_written_once()
    {
        var store = new MemoryPreludeStore();
        using (var writer = new MemoryPreludeCache())
            writer.Acquire(Key(5), () => TinyPreludes.Make(5), store).Dispose();
        Assert.Single(store.Snapshots);

        using var reader = new MemoryPreludeCache();
        using (var loaded = reader.Acquire(Key(5), () => throw new InvalidOperationException("5 is stored"), store))
        {
            Assert.Equal(PreludeSource.Store, loaded.Source);
            using var original = TinyPreludes.Make(5);
            Assert.Equal(PreludeCodec.Encode(original, Key(5)), PreludeCodec.Encode(loaded.Prelude, Key(5)));
        }
        using (var kept = reader.Acquire(Key(5), () => throw new InvalidOperationException("5 is kept"), store))
            Assert.Equal(PreludeSource.Memory, kept.Source);
        Assert.Equal((1, 1, 0), reader.Sources);
        Assert.Empty(store.Unreadable);
    }

    [Fact]
    public void Concurrent_runs_never_see_a_freed_prelude()
    {
        using var cache = new MemoryPreludeCache(capacity: 2);
        var made = new System.Collections.Concurrent.ConcurrentBag<Prelude>();
        int freedWhileHeld = 0;
        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            int k = i % 5;
            using var lease = cache.Acquire(Key(k), () => { var p = TinyPreludes.Make(k); made.Add(p); return p; });
            Thread.SpinWait(1000);
            if (lease.Prelude.Tensors.Any(t => t.IsInvalid)) Interlocked.Increment(ref freedWhileHeld);
        });
        Assert.Equal(0, freedWhileHeld);
        Assert.True(cache.Count <= 2);
        cache.Dispose();
        Assert.All(made, p => Assert.True(TinyPreludes.Disposed(p)));
        var (memory, store, computed) = cache.Sources;
        Assert.Equal(400, memory + store + computed);
        Assert.Equal(made.Count, computed);
    }
}
