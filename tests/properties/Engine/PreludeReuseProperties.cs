using FsCheck;
using FsCheck.Fluent;
using InterpLoop.Engine;
using InterpLoop.Engine.RewardHacking;
using InterpLoop.Properties.Hunt;

namespace InterpLoop.Properties.Engine;

/// <summary>
/// Reusing phases 1 and 2 changes no metric: a run on a cached prelude equals, bit for bit, the same run on a
/// fresh scenario without a cache; preludes are shared only within a key; and the order of the runs that
/// share one does not matter, because no run changes it.
/// </summary>
public class PreludeReuseProperties
{
    static RewardHackingScenario Uncached() => new(new MemoryPreludeCache(capacity: 0));

    /// <summary>Knobs a hunt varies that the prelude does not read.</summary>
    static Gen<RewardHackingConfig> Later =>
        from alpha in Gen.Choose(0, 50)
        from logBeta in Gen.Choose(-8, 0)
        from route in Gen.Elements(PenaltyRoute.None, PenaltyRoute.Reward, PenaltyRoute.ThroughProbe)
        from steps in Gen.Choose(5, 30)
        select SmallRuns.Config with { PenaltyWeight = alpha / 10.0, KlBeta = Math.Pow(10, logBeta / 2.0), PenaltyRoute = route, Steps = steps };

    static Arbitrary<(int Seed, RewardHackingConfig A, RewardHackingConfig B)> Pairs =>
        Arb.From(from seed in Gen.Choose(0, 1000) from a in Later from b in Later select (seed, a, b));

    [Fact]
    public void A_run_on_a_cached_prelude_equals_the_same_run_without_a_cache() =>
        Prop.ForAll(Pairs, p =>
        {
            using var cache = new MemoryPreludeCache();
            var scenario = new RewardHackingScenario(cache);
            scenario.Run(p.A, p.Seed);
            var reused = scenario.Run(p.B, p.Seed);
            Assert.Equal((1, 0, 1), cache.Sources);
            RunStoreTests.AssertSameRun(Uncached().Run(p.B, p.Seed), reused);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(4));

    [Fact]
    public void Configurations_that_differ_in_a_prelude_knob_do_not_share_a_prelude()
    {
        using var cache = new MemoryPreludeCache();
        var scenario = new RewardHackingScenario(cache);
        var c = SmallRuns.Config with { Steps = 5 };
        var runs = new[] { c, c with { ReferenceSteps = 60 }, c with { ProbeKind = ProbeKind.Mlp } }.Select(x => scenario.Run(x, 0)).ToList();
        Assert.Equal((0, 0, 3), cache.Sources);
        Assert.Equal(3, cache.Count);
        Assert.Equal(3, runs.Select(r => r.Metrics["probe.auroc_reference"]).Distinct().Count());
    }

    [Fact]
    public void Runs_sharing_a_prelude_give_the_same_metrics_in_any_order_and_leave_it_unchanged()
    {
        var c = SmallRuns.Config with { Steps = 8 };
        var configs = new[]
        {
            c with { PenaltyRoute = PenaltyRoute.ThroughProbe, PenaltyWeight = 3, KlBeta = 1e-3 },
            c with { ProbeRefresh = 3, PenaltyWeight = 2 },
            c with { Learner = Learner.Dpo, KlBeta = 0.1 },
            c with { PenaltyRoute = PenaltyRoute.None, EvalProblems = 64 },
            c with { PenaltyWeight = 0.3, Steps = 12 },
        };
        using var forwardCache = new MemoryPreludeCache();
        using var backwardCache = new MemoryPreludeCache();
        var forward = new RewardHackingScenario(forwardCache);
        var backward = new RewardHackingScenario(backwardCache);
        var key = PreludeKey.Of(c, 5);

        var first = forward.Run(configs[0], 5);
        var before = Snapshot(forwardCache, key);
        var forwardRuns = configs.Skip(1).Select(x => forward.Run(x, 5)).Prepend(first).ToList();
        var backwardRuns = configs.Reverse().Select(x => backward.Run(x, 5)).Reverse().ToList();

        Assert.Equal(before, Snapshot(forwardCache, key));
        Assert.Equal((4 + 2, 0, 1), forwardCache.Sources);   // the two snapshots acquire it too
        Assert.Equal((4, 0, 1), backwardCache.Sources);
        foreach (var (a, b) in forwardRuns.Zip(backwardRuns)) RunStoreTests.AssertSameRun(a, b);
    }

    static byte[] Snapshot(MemoryPreludeCache cache, PreludeKey key)
    {
        using var lease = cache.Acquire(key, () => throw new InvalidOperationException("the prelude should be cached"));
        return PreludeCodec.Encode(lease.Prelude, key);
    }
}
