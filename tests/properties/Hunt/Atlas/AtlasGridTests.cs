using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using InterpLoop.Hunt.Atlas;
using InterpLoop.Spec.Catalog;

namespace InterpLoop.Properties.Hunt.Atlas;

/// <summary>
/// The atlas grid over the planted landscape's catalog (a: real 0 .. 10, b: real 1e-4 .. 1, c: plain | fancy,
/// n: integer 1 .. 100): log and linear spacing, integer rounding without repeats, every member of a set,
/// held parameters, `assume` exclusion, and the errors that name what the hypothesis varies.
/// </summary>
public class AtlasGridTests
{
    static string R(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    static AtlasGrid Grid(string vary, string x, string y, int grid = 5, string more = "", AtlasSide? side = null) =>
        AtlasGrid.For(LandscapeScenario.Hypothesis($"  vary {{ {vary} }}\n{more}  claim always distance >= 0\n"),
            new AtlasOptions(x, y) { Grid = grid, Side = side });

    static double[] Numbers(AtlasAxis axis) => axis.Values.Select(v => v.Number).ToArray();

    [FsCheck.Xunit.Property(MaxTest = 200)]
    public Property A_log_range_is_spaced_by_a_constant_ratio_from_end_to_end()
    {
        var gen = from lowExp in Gen.Choose(-4, -1)
                  from highExp in Gen.Choose(lowExp + 1, 0)
                  from mantissa in Gen.Elements(1.0, 2.0, 5.0)
                  from n in Gen.Choose(2, 12)
                  select (low: Math.Min(mantissa * Math.Pow(10, lowExp), 0.5), high: Math.Pow(10, highExp), n);
        return Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var axis = Grid($"a in 0 .. 10   b in {R(t.low)} .. {R(t.high)} log", "b", "a", t.n).X;
            var v = Numbers(axis);
            double step = (Math.Log(t.high) - Math.Log(t.low)) / (t.n - 1);
            Assert.Equal(AtlasScale.Log, axis.Scale);
            Assert.Equal(t.n, v.Length);
            Assert.Equal(t.low, v[0]);
            Assert.Equal(t.high, v[^1]);
            // Inner points carry four significant digits: a relative error up to 5e-4 each, so 1e-3 in a log step.
            for (int k = 0; k + 1 < v.Length; k++) Assert.InRange(Math.Log(v[k + 1] / v[k]), step - 1.1e-3, step + 1.1e-3);
        });
    }

    [FsCheck.Xunit.Property(MaxTest = 200)]
    public Property A_linear_range_is_spaced_by_a_constant_step_from_end_to_end()
    {
        var gen = from low in Gen.Choose(0, 50)
                  from width in Gen.Choose(5, 50)
                  from n in Gen.Choose(2, 12)
                  select (low: low / 10.0, high: Math.Min(10, (low + width) / 10.0), n);
        return Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var axis = Grid($"a in {R(t.low)} .. {R(t.high)}   c in {{ plain, fancy }}", "a", "c", t.n).X;
            var v = Numbers(axis);
            double step = (t.high - t.low) / (t.n - 1);
            Assert.Equal(AtlasScale.Linear, axis.Scale);
            Assert.Equal((t.n, t.low, t.high), (v.Length, v[0], v[^1]));
            for (int k = 0; k + 1 < v.Length; k++) Assert.InRange(v[k + 1] - v[k], step - 1.1e-3, step + 1.1e-3);
        });
    }

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public Property An_integer_range_gives_whole_numbers_without_repeats_and_every_integer_when_the_grid_is_finer()
    {
        var gen = from low in Gen.Choose(1, 99)
                  from high in Gen.Choose(low + 1, 100)
                  from n in Gen.Choose(2, 30)
                  from log in Gen.Elements(false, true)
                  select (low, high, n, log);
        return Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var axis = Grid($"a in 0 .. 10   n in {t.low} .. {t.high}{(t.log ? " log" : "")}", "n", "a", t.n).X;
            var v = Numbers(axis);
            Assert.All(v, x => Assert.Equal(Math.Floor(x), x));
            Assert.Equal(v.Distinct().Count(), v.Length);
            Assert.Equal(v.Order(), v);
            Assert.Equal((double)t.low, v[0]);
            Assert.Equal((double)t.high, v[^1]);
            Assert.InRange(v.Length, 2, t.n);
            int integers = t.high - t.low + 1;
            // A linear step of at least 1 never rounds two points together; a finer grid lands on every integer.
            if (!t.log) Assert.Equal(Math.Min(t.n, integers), v.Length);
            if (t.n >= integers && !t.log) Assert.Equal(Enumerable.Range(t.low, integers).Select(i => (double)i), v);
        });
    }

    [Theory]
    [InlineData("c in { fancy, plain }", 2)]
    [InlineData("c in { plain, fancy }", 7)]
    public void A_choice_set_gives_every_symbol_in_catalog_order_whatever_the_grid(string vary, int grid)
    {
        var axis = Grid($"a in 0 .. 10   {vary}", "c", "a", grid).X;
        Assert.Equal(AtlasScale.Set, axis.Scale);
        Assert.Equal(new[] { "plain", "fancy" }, axis.Values.Select(v => v.Symbol));
    }

    [Fact]
    public void A_numeric_set_gives_every_member_ascending()
    {
        var axis = Grid("a in 0 .. 10   n in { 50, 3, 10 }", "n", "a", 2).X;
        Assert.Equal(AtlasScale.Set, axis.Scale);
        Assert.Equal(new[] { 3.0, 10, 50 }, Numbers(axis));
    }

    [Fact]
    public void Cells_cover_the_grid_row_by_row_with_the_fixed_held_and_axis_values_assigned()
    {
        var g = Grid("a in 0 .. 10   b in 0.01 .. 1 log   c in { plain, fancy }   n in 5 .. 9", "a", "n", grid: 3);
        Assert.Equal(new[] { 0.0, 5, 10 }, Numbers(g.X));
        Assert.Equal(new[] { 5.0, 7, 9 }, Numbers(g.Y));
        Assert.Equal(9, g.Points.Count);
        Assert.Equal(Enumerable.Range(0, 3).SelectMany(j => Enumerable.Range(0, 3).Select(i => (i, j))), g.Points.Select(p => (p.XIndex, p.YIndex)));
        // b's default (1e-4) is outside 0.01 .. 1, so b sits at the simplest value there; c's default is in its set.
        Assert.Equal(new[] { ("b", ParameterValue.Of(0.01), false), ("c", ParameterValue.Of("plain"), true) },
            g.Held.Select(p => (p.Name, p.Value, p.IsDefault)));
        var p = g.Points[5];
        Assert.Equal(new Dictionary<string, ParameterValue>
        {
            ["a"] = ParameterValue.Of(10), ["n"] = ParameterValue.Of(7), ["b"] = ParameterValue.Of(0.01), ["c"] = ParameterValue.Of("plain"),
        }, p.Assignments);
    }

    [FsCheck.Xunit.Property(MaxTest = 100)]
    public Property A_point_is_excluded_exactly_when_the_assume_rejects_it()
    {
        var gen = from a in Gen.Choose(0, 100)
                  from n in Gen.Choose(1, 100)
                  select (a: a / 10.0, n);
        return Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var g = Grid("a in 0 .. 10   n in 1 .. 100", "a", "n", grid: 6, more: $"  assume a <= {R(t.a)} or n >= {t.n}\n");
            Assert.All(g.Points, p => Assert.Equal(p.X.Number <= t.a || p.Y.Number >= t.n, p.Admitted));
        });
    }

    [Fact]
    public void A_paired_claim_maps_the_side_asked_for_and_needs_one()
    {
        var h = LandscapeScenario.Hypothesis("  vary { a in 0 .. 10   n in 1 .. 100 }\n  claim always paired c = plain vs c = fancy: m[A] <= m[B]\n");
        var e = Assert.Throws<AtlasException>(() => AtlasGrid.For(h, new AtlasOptions("a", "n")));
        Assert.Contains("fake.h has a paired claim", e.Message);
        Assert.Contains("side A (c = plain) or side B (c = fancy)", e.Message);
        var b = AtlasGrid.For(h, new AtlasOptions("a", "n") { Side = AtlasSide.B });
        Assert.All(b.Points, p => Assert.Equal("fancy", p.Assignments["c"].Symbol));
        var unpaired = LandscapeScenario.Hypothesis("  vary { a in 0 .. 10   n in 1 .. 100 }\n  claim always distance >= 0\n");
        Assert.Contains("no paired claim", Assert.Throws<AtlasException>(() => AtlasGrid.For(unpaired, new AtlasOptions("a", "n") { Side = AtlasSide.A })).Message);
    }

    [Theory]
    [InlineData("bb", "a", "'bb' is not a parameter of scenario landscape_fake (did you mean 'b'?); fake.h varies a, b, c")]
    [InlineData("a", "n", "n is not varied by fake.h (it stays at its default 1); fake.h varies a, b, c")]
    [InlineData("b", "b", "x and y are both b; pick two different parameters of those fake.h varies: a, b, c")]
    public void An_axis_the_hypothesis_does_not_vary_is_refused_naming_what_it_varies(string x, string y, string message)
    {
        var e = Assert.Throws<AtlasException>(() => Grid("a in 0 .. 10   b in 1e-4 .. 1 log   c in { plain, fancy }", x, y));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void A_fixed_parameter_is_refused_naming_its_value()
    {
        var text = "hypothesis fake.f\n  scenario landscape_fake { n = 5 }\n  vary { a in 0 .. 10   b in 1e-4 .. 1 log }\n  claim always distance >= 0\n";
        var (file, diagnostics) = InterpLoop.Spec.SpecAnalysis.Analyze("fake.ilspec", text, LandscapeScenario.Options);
        Assert.DoesNotContain(diagnostics, d => d.IsError);
        var h = InterpLoop.Spec.Hypothesis.From("fake.ilspec", file.Hypotheses.Single(), LandscapeScenario.Options);
        var e = Assert.Throws<AtlasException>(() => AtlasGrid.For(h, new AtlasOptions("a", "n")));
        Assert.Equal("n is not varied by fake.f (its scenario clause fixes it at 5); fake.f varies a, b", e.Message);
    }

    [Theory]
    [InlineData(1, 3, "a grid of 1 point(s) per axis cannot show a change; give at least 2")]
    [InlineData(5, 0, "0 seed(s) per cell runs nothing; give at least 1")]
    public void Too_small_a_grid_or_too_few_seeds_is_refused(int grid, int seeds, string message)
    {
        var h = LandscapeScenario.Hypothesis("  vary { a in 0 .. 10   n in 1 .. 100 }\n  claim always distance >= 0\n");
        Assert.Equal(message, Assert.Throws<AtlasException>(() => AtlasGrid.For(h, new AtlasOptions("a", "n") { Grid = grid, Seeds = seeds })).Message);
    }
}
