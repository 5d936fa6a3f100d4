using FsCheck;
using FsCheck.Fluent;
using InterpLoop.Engine;
using InterpLoop.Engine.RewardHacking;
using InterpLoop.Properties.Hunt;
using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Properties.Engine;

/// <summary>
/// A population trained as one batched program gives every member the run it would have had alone. The batched
/// products equal the members' own products bit for bit, every other op is element- or row-wise or done member
/// by member, and each member draws from its own streams in its solo order; so the tolerance is zero: each
/// member's metrics, outcome and stop reason equal its solo run's exactly, whatever the population around it.
/// </summary>
public class PopulationEquivalenceProperties
{
    static RewardHackingScenario Uncached() => new(new MemoryPreludeCache(capacity: 0));

    /// <summary>A member: what a hunt or an atlas varies between runs of one shape.</summary>
    static Gen<(RewardHackingConfig Config, long Seed)> Member =>
        from alpha in Gen.Elements(0.0, 0.3, 1, 3, 10)
        from logBeta in Gen.Choose(-8, 0)
        from route in Gen.Elements(PenaltyRoute.None, PenaltyRoute.Reward, PenaltyRoute.ThroughProbe)
        from lr in Gen.Elements(0.1, 0.1, 0.05)
        from refresh in Gen.Elements(0, 0, 0, 7)
        from seed in Gen.Choose(0, 3)
        // Detectors of every kind side by side: single linear probes are scored as groups, the rest alone (PopulationPsi).
        from kind in Gen.Elements(ProbeKind.Linear, ProbeKind.Linear, ProbeKind.Mlp)
        from layer in Gen.Elements<int?>(2, 2, 1, null)
        from aggregation in Gen.Elements(ProbeAggregation.Mean, ProbeAggregation.Mean, ProbeAggregation.Max)
        select (SmallRuns.Config with
        {
            PenaltyWeight = alpha, KlBeta = Math.Pow(10, logBeta / 2.0), PenaltyRoute = route, RlLearningRate = lr, ProbeRefresh = refresh,
            ProbeKind = kind, ProbeLayer = layer, ProbeAggregation = aggregation,
        }, (long)seed);

    static Arbitrary<(RewardHackingConfig Config, long Seed)[]> Populations =>
        Arb.From(from size in Gen.Choose(2, 4) from members in Gen.ArrayOf(Member, size) select members);

    [Fact]
    public void Each_member_of_a_batched_population_equals_its_solo_run() =>
        Prop.ForAll(Populations, population =>
        {
            var batched = new RewardHackingScenario().RunPopulation(population, store: null);
            for (int k = 0; k < population.Length; k++)
                RunStoreTests.AssertSameRun(Uncached().Run(population[k].Config, population[k].Seed), batched[k]);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(5));

    [Fact]
    public void A_member_whose_numbers_go_bad_stops_with_its_solo_reason_and_the_others_are_untouched()
    {
        torch.set_num_threads(RewardHackingScenario.Threads);
        using var scope = NewDisposeScope();
        var c = SmallRuns.Config with { PenaltyWeight = 1, PenaltyRoute = PenaltyRoute.Reward };
        var env = new TaskEnvironment(c.Features, c.Answers);
        var reference = ReferencePretraining.Train(c, env, new Generator(1), new Generator(2), null, default);
        var probe = ProbeTraining.Train(c, env, reference, new Generator(4)).Detector;
        var nanProbe = Detector.Of(2, Probe.Linear(full(c.Hidden, float.NaN), zeros(1).squeeze()), threshold: 0);
        var members = new[]
        {
            new PopulationReinforce.Member(c, reference, nanProbe, new Generator(3), null),
            new PopulationReinforce.Member(c, reference, probe, new Generator(3), null),
        };
        var batched = PopulationReinforce.Train(members, env, null, default);
        var (badPolicy, badStop, _) = ReinforceLearner.Train(c, env, reference, nanProbe, new Generator(3), null, default);
        var (goodPolicy, goodStop, _) = ReinforceLearner.Train(c, env, reference, probe, new Generator(3), null, default);
        Assert.Contains("non-finite", badStop);
        Assert.Equal(badStop, batched[0].StopReason);
        Assert.Null(goodStop);
        Assert.Null(batched[1].StopReason);
        for (int i = 0; i < goodPolicy.Parameters.Length; i++)
        {
            Assert.True(badPolicy.Parameters[i].eq(batched[0].Policy.Parameters[i]).all().item<bool>(), $"the stopped member's parameter {i} moved");
            Assert.True(goodPolicy.Parameters[i].eq(batched[1].Policy.Parameters[i]).all().item<bool>(), $"the healthy member's parameter {i} differs from its solo run");
        }
    }

    [Fact]
    public void Members_of_other_shapes_or_learners_run_alone_and_keep_their_order()
    {
        var population = new (RewardHackingConfig, long)[]
        {
            (SmallRuns.Config with { Learner = Learner.Dpo }, 1),
            (SmallRuns.Config, 2),
            (SmallRuns.Config with { Steps = 7 }, 3),
            (SmallRuns.Config with { PenaltyWeight = 3 }, 2),
        };
        var batched = new RewardHackingScenario().RunPopulation(population, store: null);
        for (int k = 0; k < population.Length; k++)
            RunStoreTests.AssertSameRun(Uncached().Run(population[k].Item1, population[k].Item2), batched[k]);
    }

    [Fact]
    public void A_batch_larger_than_one_population_is_split_and_every_member_still_equals_its_solo_run()
    {
        var population = Enumerable.Range(0, RewardHackingScenario.MaxPopulation + 1)
            .Select(i => (SmallRuns.Config with { Steps = 5, PenaltyWeight = i % 3, KlBeta = 0.001 * (1 + i / 3) }, (long)(i % 2)))
            .ToArray();
        var finished = new List<int>();
        var batched = new RewardHackingScenario().RunPopulation(population, store: null, finished: (i, _) => finished.Add(i));
        Assert.Equal(Enumerable.Range(0, population.Length), finished.Order());
        for (int k = 0; k < population.Length; k++)
            RunStoreTests.AssertSameRun(Uncached().Run(population[k].Item1, population[k].Item2), batched[k]);
    }

    /// <summary>
    /// At the default sizes (and at 16 or 128 hidden, or 64 responses) one step's logits equal the full pass's bit for
    /// bit. Elsewhere MKL may compute an n-row product's rows otherwise than a 7n-row one's, and where it does depends on
    /// the CPU: on the machines of engines 0.5.1 to 0.6.0, n = 32 at hidden 64 and n = 64 at hidden 128 differed (the reason
    /// sampling by steps was engine 0.5.1, not 0.5.0: EngineVersion); on the AMD EPYC of a later session they do not. So
    /// only the equal cases are pinned.
    /// </summary>
    [Theory]
    [InlineData(64, 256)]
    [InlineData(16, 256)]
    [InlineData(128, 256)]
    [InlineData(64, 64)]
    public void One_step_of_the_network_equals_its_full_pass_at_the_default_sizes(int hidden, int n)
    {
        torch.set_num_threads(RewardHackingScenario.Threads);
        using var scope = NewDisposeScope();
        var v = new Vocabulary(8);
        var g = new Generator(5);
        var net = PolicyNetwork.Initialise(8, hidden, v, 6, g);
        var x = randn(n, 8, generator: g);
        var tokens = randint(0, v.Size, new long[] { n, 6 }, generator: g);
        var full = net.Forward(x, tokens).Logits;                                      // [n, L+1, V]
        var same = Enumerable.Range(0, 6).All(s =>
        {
            var previous = s == 0 ? torch.full(n, v.Bos, dtype: ScalarType.Int64) : tokens.select(1, s - 1);
            return full.select(1, s).eq(net.StepLogits(x, previous, s)).all().item<bool>();
        });
        Assert.True(same);
    }

    [Fact]
    public void One_step_of_the_network_equals_its_full_pass_at_that_step_bit_for_bit()
    {
        torch.set_num_threads(RewardHackingScenario.Threads);
        using var scope = NewDisposeScope();
        var v = new Vocabulary(8);
        var g = new Generator(5);
        var net = PolicyNetwork.Initialise(8, 64, v, 6, g);
        var x = randn(256, 8, generator: g);
        var tokens = randint(0, v.Size, new long[] { 256, 6 }, generator: g);
        var full = net.Forward(x, tokens).Logits;                                      // [n, L+1, V]
        for (int s = 0; s < 6; s++)
        {
            var previous = s == 0 ? torch.full(256, v.Bos, dtype: ScalarType.Int64) : tokens.select(1, s - 1);
            Assert.True(full.select(1, s).eq(net.StepLogits(x, previous, s)).all().item<bool>(), $"step {s} differs");
        }
    }
}
