using FsCheck;
using FsCheck.Fluent;
using InterpLoop.Hunt;
using InterpLoop.Hunt.Search;

namespace InterpLoop.Properties.Hunt;

/// <summary>
/// The hunt on a planted landscape whose answer is known (see <see cref="LandscapeScenario"/>): it finds the band,
/// shrinks every irrelevant parameter to its simple end, respects the budget, decides by majority, calls a
/// seed-dependent failure fragile, and gives the same result however often it is interrupted and resumed.
/// </summary>
public class HunterTests
{
    static readonly string BandClaim = LandscapeScenario.FullRegion + "  claim always distance >= 0.25\n";

    static Dictionary<string, string> Shown(HuntResult r) =>
        r.Space.Varied(r.Shrunk!.Point).ToDictionary(kv => kv.Key, kv => kv.Value.ToString());

    [Theory]
    [InlineData(HuntStrategy.Random)]
    [InlineData(HuntStrategy.Targeted)]
    public void Finds_the_band_and_shrinks_every_irrelevant_parameter_to_its_simple_end(HuntStrategy strategy)
    {
        var scenario = new LandscapeScenario();
        var r = scenario.Hunt(LandscapeScenario.Hypothesis(BandClaim), new HuntOptions { Strategy = strategy, Budget = 400, Seed = 1 });

        Assert.Equal(HuntVerdict.Refuted, r.Verdict);
        var shrunk = Shown(r);
        // b, c, n do not matter: the low end of b's range, the catalog's first choice (plain, though the spec
        // wrote fancy first), the low end of n. a matters: the smallest grid value inside the band.
        Assert.Equal(new Dictionary<string, string> { ["a"] = "6.01", ["b"] = "0.0001", ["c"] = "plain", ["n"] = "1" }, shrunk);
        Assert.NotEqual(r.Original!.Point, r.Shrunk!.Point);
        Assert.True(r.ShrinkSteps > 0);
        Assert.Equal(new ReproductionRate(3, 3), r.Reproduction);
        Assert.Equal(r.Runs, scenario.Runs);
    }

    [Fact]
    public void Targeted_climbs_the_margin_into_a_band_random_sampling_rarely_hits()
    {
        // The band a in (6.2, 6.3) is 1% of the range; the margin (distance) points at it from everywhere.
        var narrow = LandscapeScenario.FullRegion + "  claim always distance >= 0.05\n";
        var h = LandscapeScenario.Hypothesis(narrow);
        var targeted = Enumerable.Range(0, 5).Select(s => new LandscapeScenario().Hunt(h, new HuntOptions { Budget = 60, Seed = (ulong)s, Shrink = false })).ToList();
        var random = Enumerable.Range(0, 5).Select(s => new LandscapeScenario().Hunt(h, new HuntOptions { Strategy = HuntStrategy.Random, Budget = 60, Seed = (ulong)s, Shrink = false })).ToList();
        Assert.All(targeted, r => Assert.Equal(HuntVerdict.Refuted, r.Verdict));
        Assert.True(random.Count(r => r.Verdict == HuntVerdict.Refuted) < 5, "random sampling should miss a 1% band in 57 tries at least once in five");
    }

    [Fact]
    public void A_recorded_configuration_is_judged_first_and_found_where_a_blind_hunt_of_that_budget_misses_it()
    {
        // The band a in (6.2, 6.3): random sampling misses it in a small budget; the recorded point sits inside it.
        var h = LandscapeScenario.Hypothesis(LandscapeScenario.FullRegion + "  claim always distance >= 0.05\n");
        var space = new SearchSpace(h);
        var inside = space.Assignments(new Point(space.Axes.Select(axis => axis.Name == "a" ? axis.PositionOf(InterpLoop.Spec.Catalog.ParameterValue.Of(6.25)) : 0)));
        var options = new HuntOptions { Strategy = HuntStrategy.Random, Budget = 12, Seed = 3 };
        var blind = new LandscapeScenario().Hunt(h, options);
        var replayed = new LandscapeScenario().Hunt(h, options with { Replay = new[] { inside } });
        Assert.Equal(HuntVerdict.NoCounterexample, blind.Verdict);
        Assert.Equal(HuntVerdict.Refuted, replayed.Verdict);
        Assert.Equal(space.PointOf(inside), replayed.Original!.Point);
        Assert.Equal(h.Trials, replayed.RunsToFirstHit);
        Assert.Equal(replayed.Original.Point, replayed.Shrunk!.Point);     // re-checked as recorded, not shrunk again
        Assert.Equal(0, replayed.ShrinkSteps);
        Assert.True(replayed.FromRecord);
        Assert.False(blind.FromRecord);
    }

    [Theory]
    [InlineData(HuntStrategy.Random)]
    [InlineData(HuntStrategy.Targeted)]
    public void A_recorded_configuration_that_no_longer_fails_is_judged_and_the_search_goes_on_from_there(HuntStrategy strategy)
    {
        var h = LandscapeScenario.Hypothesis(BandClaim);
        var space = new SearchSpace(h);
        var outside = space.Assignments(space.Origin);                              // a = 0: far from the band
        var r = new LandscapeScenario().Hunt(h, new HuntOptions { Strategy = strategy, Budget = 400, Seed = 1, Replay = new[] { outside } });
        Assert.Equal(HuntVerdict.Refuted, r.Verdict);
        Assert.NotEqual(space.Origin, r.Original!.Point);
        Assert.True(r.RunsToFirstHit > h.Trials, $"the first hit came after {r.RunsToFirstHit} runs: the recorded point cannot have hit");
        Assert.InRange(double.Parse(Shown(r)["a"], System.Globalization.CultureInfo.InvariantCulture), 6.0, 6.5);   // shrunk inside the band
    }

    [Fact]
    public void A_recorded_configuration_the_region_no_longer_holds_is_skipped()
    {
        var h = LandscapeScenario.Hypothesis(BandClaim);
        var space = new SearchSpace(h);
        var offGrid = space.Assignments(space.Origin);
        offGrid["n"] = InterpLoop.Spec.Catalog.ParameterValue.Of(500);              // outside n in 1 .. 100
        var extra = space.Assignments(space.Origin);
        extra["unknown"] = InterpLoop.Spec.Catalog.ParameterValue.Of(1);            // a parameter the spec no longer fixes
        Assert.Null(space.PointOf(offGrid));
        Assert.Null(space.PointOf(extra));
        Assert.Equal(space.Origin, space.PointOf(space.Assignments(space.Origin)));
        var options = new HuntOptions { Budget = 60, Seed = 2 };
        var blind = new LandscapeScenario().Hunt(h, options);
        var replayed = new LandscapeScenario().Hunt(h, options with { Replay = new[] { (IReadOnlyDictionary<string, InterpLoop.Spec.Catalog.ParameterValue>)extra } });
        Assert.Equal((blind.Verdict, blind.Runs, blind.Original?.Point, blind.Shrunk?.Point), (replayed.Verdict, replayed.Runs, replayed.Original?.Point, replayed.Shrunk?.Point));
    }

    [Fact]
    public void The_same_hypothesis_options_and_seed_give_the_same_hunt()
    {
        var h = LandscapeScenario.Hypothesis(BandClaim);
        foreach (var strategy in new[] { HuntStrategy.Random, HuntStrategy.Targeted })
        {
            var o = new HuntOptions { Strategy = strategy, Budget = 100, Seed = 7 };
            var (x, y) = (new LandscapeScenario().Hunt(h, o), new LandscapeScenario().Hunt(h, o));
            Assert.Equal((x.Verdict, x.Runs, x.RunsToFirstHit, x.Original?.Point, x.Shrunk?.Point), (y.Verdict, y.Runs, y.RunsToFirstHit, y.Original?.Point, y.Shrunk?.Point));
        }
    }

    [FsCheck.Xunit.Property(MaxTest = 60)]
    public Property Never_spends_more_runs_than_its_budget()
    {
        var gen = from budget in Gen.Choose(4, 80)
                  from seed in Gen.Choose(0, 1000)
                  from trials in Gen.Choose(1, 3)
                  from random in Gen.Elements(true, false)
                  from band in Gen.Elements("0.25", "0.05", "0")
                  select (budget, seed, trials, random, band);
        return Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var h = LandscapeScenario.Hypothesis(LandscapeScenario.FullRegion + $"  trials {t.trials}\n  claim always distance >= {t.band}\n");
            var scenario = new LandscapeScenario();
            var options = new HuntOptions { Budget = t.budget, Seed = (ulong)t.seed, Strategy = t.random ? HuntStrategy.Random : HuntStrategy.Targeted };
            try
            {
                var r = scenario.Hunt(h, options);
                return r.Runs <= t.budget && scenario.Runs == r.Runs;
            }
            catch (HuntException)
            {
                // Only a budget below one configuration plus the fresh-seed reserve is refused.
                return t.budget < t.trials + 3;
            }
        });
    }

    [Fact]
    public void A_configuration_fails_only_when_the_claim_fails_on_a_majority_of_its_seeds()
    {
        var h = LandscapeScenario.Hypothesis(LandscapeScenario.FullRegion + "  trials 3\n  claim always lucky == 0\n");
        var oneOfThree = new LandscapeScenario();
        oneOfThree.LuckySeeds.Add(0);
        Assert.Equal(HuntVerdict.NoCounterexample, oneOfThree.Hunt(h, new HuntOptions { Budget = 30 }).Verdict);

        var twoOfThree = new LandscapeScenario();
        foreach (var s in new long[] { 0, 1, 3, 4 }) twoOfThree.LuckySeeds.Add(s);
        var r = twoOfThree.Hunt(h, new HuntOptions { Budget = 30 });
        Assert.Equal(HuntVerdict.Refuted, r.Verdict);
        // Seeds 0 and 1 already make a majority of three, so seed 2 is never run for it.
        Assert.Equal(new long[] { 0, 1 }, r.Original!.Trials.Select(t => t.Seed));
        Assert.Equal(new long[] { 3, 4, 5 }, r.Fresh.Select(t => t.Seed));
        Assert.Equal(new ReproductionRate(2, 3), r.Reproduction);
    }

    [Fact]
    public void A_counterexample_that_fails_only_on_the_search_seeds_is_fragile_and_makes_no_finding()
    {
        var h = LandscapeScenario.Hypothesis(LandscapeScenario.FullRegion + "  trials 3\n  claim always lucky == 0\n");
        var scenario = new LandscapeScenario();
        scenario.LuckySeeds.UnionWith(new long[] { 0, 1 });
        var r = scenario.Hunt(h, new HuntOptions { Budget = 30 });
        Assert.Equal(HuntVerdict.Fragile, r.Verdict);
        Assert.Equal(new ReproductionRate(0, 3), r.Reproduction);
    }

    [Theory]
    [InlineData(HuntStrategy.Random)]
    [InlineData(HuntStrategy.Targeted)]
    public void A_fragile_find_does_not_end_the_hunt_while_the_budget_allows_another(HuntStrategy strategy)
    {
        // Fails on the lucky search seeds wherever a > 9 (fragile: the fresh seeds are not lucky), and on every seed in the band.
        var h = LandscapeScenario.Hypothesis(LandscapeScenario.FullRegion + "  trials 3\n  claim always not (lucky == 1 and a > 9) and distance >= 0.25\n");
        var scenario = new LandscapeScenario();
        scenario.LuckySeeds.UnionWith(new long[] { 0, 1 });
        var r = scenario.Hunt(h, new HuntOptions { Budget = 2000, Strategy = strategy });
        Assert.True(r.Verdict == HuntVerdict.Refuted, $"{r.Verdict} after {r.Runs} runs, {r.Configurations} configurations, shrunk {Shown(r)["a"]}");
        Assert.Equal(new ReproductionRate(3, 3), r.Reproduction);
        Assert.InRange(double.Parse(Shown(r)["a"], System.Globalization.CultureInfo.InvariantCulture), 6, 6.5);

        // With only room for one reproduction, the fragile find is what the hunt reports.
        var tight = new LandscapeScenario();
        tight.LuckySeeds.UnionWith(new long[] { 0, 1 });
        var once = tight.Hunt(h, new HuntOptions { Budget = 12, Strategy = strategy });
        Assert.True(once.Verdict is HuntVerdict.Fragile or HuntVerdict.NoCounterexample, once.Verdict.ToString());
        Assert.True(once.Runs <= 12);
    }

    [Fact]
    public void Sometimes_claims_look_for_a_witness()
    {
        var found = new LandscapeScenario().Hunt(LandscapeScenario.Hypothesis(LandscapeScenario.FullRegion + "  claim sometimes outcome == blatant\n"), new HuntOptions { Budget = 200 });
        Assert.Equal(HuntVerdict.Witnessed, found.Verdict);
        Assert.Equal("6.01", Shown(found)["a"]);
        var none = new LandscapeScenario().Hunt(LandscapeScenario.Hypothesis(LandscapeScenario.FullRegion + "  claim sometimes distance > 20\n"), new HuntOptions { Budget = 30 });
        Assert.Equal(HuntVerdict.NoWitness, none.Verdict);
        Assert.Null(none.Shrunk);
        Assert.Equal(30 - 3, none.Runs); // the fresh-seed reserve is never touched when nothing was found
    }

    [Fact]
    public void Paired_claims_run_both_arms_on_every_seed_and_record_both_in_the_finding()
    {
        var h = LandscapeScenario.Hypothesis("  vary { a in 0 .. 10   n in 1 .. 100 }\n  trials 1\n  claim always paired c = plain vs c = fancy: m[A] >= m[B] + 0.5 or a < 3\n");
        var scenario = new LandscapeScenario();
        var r = scenario.Hunt(h, new HuntOptions { Budget = 80 });
        Assert.Equal(HuntVerdict.Refuted, r.Verdict);
        Assert.Equal("3", Shown(r)["a"]);
        Assert.All(r.Fresh, t => Assert.NotNull(t.B));
        Assert.Equal(r.Runs, scenario.Runs);
        Assert.Equal(0, r.Runs % 2);

        var finding = HuntFindings.From(r, "test");
        Assert.Equal("fancy", finding.ConfigOf(runB: true)["c"].Symbol);
        Assert.Equal("plain", finding.ConfigOf(runB: false)["c"].Symbol);
        Assert.All(finding.Runs, run => Assert.NotNull(run.B));
        using var json = System.Text.Json.JsonDocument.Parse(FindingFile.Serialize(finding));
        Assert.Equal("fancy", json.RootElement.GetProperty("pairing").GetProperty("B").GetProperty("c").GetString());
        Assert.All(json.RootElement.GetProperty("runs").EnumerateArray(), run => Assert.True(run.TryGetProperty("b", out _)));
    }

    [Fact]
    public void An_interrupted_hunt_resumed_over_its_store_reuses_every_finished_run_and_ends_where_an_uninterrupted_one_does()
    {
        using var temp = new TempFolder();
        var h = LandscapeScenario.Hypothesis(LandscapeScenario.FullRegion + "  trials 2\n  claim always distance >= 0.25\n");
        var options = new HuntOptions { Budget = 120, Seed = 5 };
        var reference = new LandscapeScenario().Hunt(h, options);

        int stored;
        using (var store = RunStore.Open(temp.File("runs.db")))
        {
            using var cancel = new CancellationTokenSource();
            var interrupted = new LandscapeScenario();
            Assert.ThrowsAny<OperationCanceledException>(() =>
                Hunter.Hunt(h, options, (a, s) =>
                {
                    if (interrupted.Runs == reference.Runs / 2) cancel.Cancel();
                    cancel.Token.ThrowIfCancellationRequested();
                    return store.GetOrRun(interrupted, a, s);
                }, interrupted, null, cancel.Token));
            stored = store.Count;
        }
        Assert.Equal(reference.Runs / 2, stored);

        using var reopened = RunStore.Open(temp.File("runs.db"));
        var resumedScenario = new LandscapeScenario();
        var resumed = resumedScenario.Hunt(h, options, reopened);
        Assert.Equal(stored, reopened.Hits);
        Assert.Equal(reference.Runs - stored, resumedScenario.Runs);
        Assert.Equal((reference.Verdict, reference.Runs, reference.Shrunk!.Point), (resumed.Verdict, resumed.Runs, resumed.Shrunk!.Point));
        Assert.Equal(FindingFile.Serialize(HuntFindings.From(reference, "x")), FindingFile.Serialize(HuntFindings.From(resumed, "x")));
    }

    [Fact]
    public void An_assume_that_rejects_nearly_every_sample_stops_the_hunt_with_a_clear_error()
    {
        var h = LandscapeScenario.Hypothesis(LandscapeScenario.FullRegion + "  assume a >= 9.999 and b >= 0.999\n  claim always distance >= 0\n");
        var e = Assert.Throws<HuntException>(() => new LandscapeScenario().Hunt(h, new HuntOptions()));
        Assert.Contains("assume of fake.h rejected", e.Message);
    }

    [Fact]
    public void A_budget_too_small_for_one_configuration_and_its_reproduction_is_refused_with_the_budget_it_needs()
    {
        var h = LandscapeScenario.Hypothesis(LandscapeScenario.FullRegion + "  trials 3\n  claim always paired c = plain vs c = fancy: m[A] <= m[B]\n");
        var e = Assert.Throws<HuntException>(() => new LandscapeScenario().Hunt(h, new HuntOptions { Budget = 10 }));
        Assert.Contains("--budget 12", e.Message);
    }
}
