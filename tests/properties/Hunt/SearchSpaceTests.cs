using InterpLoop.Hunt.Search;

namespace InterpLoop.Properties.Hunt;

/// <summary>The region as a search space: FsCheck's samples cover every axis evenly, shrinks lead to the simple end, positions map to values.</summary>
public class SearchSpaceTests
{
    static SearchSpace Space(string body = LandscapeScenario.FullRegion + "  claim always distance >= 0\n") =>
        new(LandscapeScenario.Hypothesis(body));

    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    [InlineData(12345UL)]
    public void Samples_spread_evenly_over_every_axis(ulong seed)
    {
        var space = Space();
        var points = space.Stream(seed).Take(2000).ToList();
        for (int a = 0; a < space.Axes.Count; a++)
        {
            int buckets = Math.Min(10, space.Axes[a].Count);
            var counts = points.GroupBy(p => p[a] * buckets / space.Axes[a].Count).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(buckets, counts.Count);
            Assert.All(counts.Values, c => Assert.InRange(c, 2000 / buckets * 0.7, 2000 / buckets * 1.3));
        }
    }

    [Fact]
    public void The_first_samples_do_not_depend_on_how_many_are_taken()
    {
        var space = Space();
        Assert.Equal(space.Stream(9).Take(5), space.Stream(9).Take(500).Take(5));
        Assert.NotEqual(space.Stream(9).Take(5), space.Stream(10).Take(5));
    }

    [Fact]
    public void Different_hunt_seeds_explore_different_points_not_shifted_copies_of_one_stream()
    {
        var space = Space();
        var all = Enumerable.Range(0, 10).SelectMany(s => space.Stream((ulong)s).Take(50)).ToList();
        // 500 draws from 2 × 100 × 1001² points: a repeat would almost surely mean overlapping streams.
        Assert.True(all.Distinct().Count() >= 498, $"{500 - all.Distinct().Count()} repeated points across seeds");
    }

    [Fact]
    public void Shrinks_try_every_axis_at_its_simple_end_before_any_finer_step()
    {
        var space = Space();
        var p = new Point(new[] { 800, 500, 1, 60 });
        var shrinks = space.Shrinks(p).ToList();
        Assert.Equal(new[] { p.With(0, 0), p.With(1, 0), p.With(2, 0), p.With(3, 0) }, shrinks.Take(4));
        Assert.All(shrinks, s => Assert.True(Enumerable.Range(0, 4).Sum(a => s[a]) < Enumerable.Range(0, 4).Sum(a => p[a])));
        Assert.Empty(space.Shrinks(space.Origin));
    }

    [Fact]
    public void Positions_map_to_values_with_the_ends_exact_and_log_ranges_spaced_by_ratio()
    {
        var space = Space();
        var b = space.Axes[1];
        Assert.Equal(1e-4, b.ValueAt(0).Number);
        Assert.Equal(1.0, b.ValueAt(b.Count - 1).Number);
        Assert.Equal(0.01, b.ValueAt(b.Count / 2).Number, 6);
        var c = space.Axes[2];
        Assert.Equal("plain", c.ValueAt(0).Symbol); // the catalog's order, though the spec wrote fancy first
        var n = space.Axes[3];
        Assert.Equal((1.0, 100.0, 100), (n.ValueAt(0).Number, n.ValueAt(99).Number, n.Count));
        Assert.Equal(42, n.PositionOf(n.ValueAt(42)));
    }
}
