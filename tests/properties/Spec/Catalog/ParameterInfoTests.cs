using InterpLoop.Spec.Catalog;

namespace InterpLoop.Properties.Spec.Catalog;

/// <summary>
/// A parameter's domain as the catalog states it, in particular a mixed one: probe.layer is an integer in
/// 1 .. 2 or the symbol all, and both sorts parse, describe and classify through the same four members the
/// checker, the CLI and the hunt read.
/// </summary>
public class ParameterInfoTests
{
    static readonly ParameterInfo Layer = RewardHackingCatalog.Catalog.FindParameter("probe.layer")!;
    static readonly ParameterInfo Steps = RewardHackingCatalog.Catalog.FindParameter("steps")!;
    static readonly ParameterInfo Route = RewardHackingCatalog.Catalog.FindParameter("penalty.route")!;

    [Fact]
    public void Probe_layer_is_an_integer_range_with_the_symbol_all_and_defaults_to_layer_2()
    {
        Assert.Equal(ParameterKind.Integer, Layer.Kind);
        Assert.True(Layer.IsMixed);
        Assert.Equal(new[] { "all" }, Layer.Choices);
        Assert.Equal(ParameterValue.Of(2), Layer.Default);
        Assert.Equal("an integer in 1 .. 2, or all", Layer.DescribeDomain());
        Assert.False(Steps.IsMixed);
        Assert.False(Route.IsMixed);
    }

    [Theory]
    [InlineData("all", "all")]
    [InlineData(" all ", "all")]
    [InlineData("1", "1")]
    [InlineData("2", "2")]
    public void Probe_layer_parses_both_sorts(string text, string canonical)
    {
        Assert.True(Layer.TryParse(text, out var value, out var error), error);
        Assert.Equal(canonical, value.ToString());
        Assert.True(Layer.Contains(value));
    }

    [Theory]
    [InlineData("3", "probe.layer = 3 is outside its domain: probe.layer takes an integer in 1 .. 2, or all")]
    [InlineData("0", "outside its domain")]
    [InlineData("1.5", "outside its domain")]
    [InlineData("al", "probe.layer = al is outside its domain: probe.layer takes an integer in 1 .. 2, or all (did you mean 'all'?)")]
    [InlineData("every", "outside its domain")]
    public void Probe_layer_rejects_other_values_and_names_its_domain(string text, string expected)
    {
        Assert.False(Layer.TryParse(text, out _, out var error));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void A_symbol_is_the_wrong_type_only_where_no_symbol_is_taken()
    {
        Assert.False(Layer.IsWrongType(ParameterValue.Of("al")));       // a symbol of the wrong name: outside the domain
        Assert.True(Layer.IsWrongType(ParameterValue.Of(1.5)));         // a fraction for an integer
        Assert.False(Layer.IsWrongType(ParameterValue.Of(3)));
        Assert.True(Steps.IsWrongType(ParameterValue.Of("all")));       // steps has no named values
        Assert.True(Route.IsWrongType(ParameterValue.Of(1)));
        Assert.False(Route.IsWrongType(ParameterValue.Of("gradient")));
    }

    [Fact]
    public void An_integer_without_named_values_still_rejects_a_word_as_no_number()
    {
        Assert.False(Steps.TryParse("all", out _, out var error));
        Assert.Contains("'all' is not a number", error);
        Assert.False(Steps.Contains(ParameterValue.Of("all")));
    }
}
