using InterpLoop.Engine;
using InterpLoop.Spec.Catalog;

namespace InterpLoop.Properties.Engine;

public class ConfigAssignmentsTests
{
    static readonly ScenarioCatalog Catalog = RewardHackingCatalog.Catalog;

    [Fact]
    public void A_misspelt_name_gets_the_nearest_valid_one()
    {
        var (_, errors) = ConfigAssignments.Parse(Catalog, new[] { "penalty.wieght=2" });
        Assert.Contains("did you mean 'penalty.weight'", Assert.Single(errors));
    }

    [Theory]
    [InlineData("penalty.weight=-1", "IL0007: penalty.weight = -1 is outside its domain: penalty.weight takes a real number in 0 .. 100")]
    [InlineData("penalty.route=gradient", "IL0007: penalty.route = gradient is outside its domain: penalty.route takes one of { none, reward, through_probe }")]
    [InlineData("penalty.route=rewad", "did you mean 'reward'")]
    [InlineData("steps=1.5", "IL0007: steps = 1.5 is outside its domain: steps takes an integer in 0 .. 5000")]
    [InlineData("kl.beta=lots", "IL0006: 'lots' is not a number")]
    [InlineData("probe.layer=3", "IL0007: probe.layer = 3 is outside its domain: probe.layer takes an integer in 1 .. 2, or all")]
    [InlineData("probe.layer=al", "IL0007: probe.layer = al is outside its domain")]
    [InlineData("probe.layer=al", "did you mean 'all'")]
    [InlineData("penalty.weight", "IL0001: 'penalty.weight' is not an assignment; write name=value")]
    public void A_bad_value_names_the_domain(string text, string expected) =>
        Assert.Contains(expected, Assert.Single(ConfigAssignments.Parse(Catalog, new[] { text }).Errors));

    [Fact]
    public void Every_error_is_reported_at_once()
    {
        var (_, errors) = ConfigAssignments.Parse(Catalog, new[] { "penalty.wieght=2", "kl.beta=-3", "steps=10" });
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void Good_assignments_parse_to_typed_values()
    {
        var (values, errors) = ConfigAssignments.Parse(Catalog, new[] { "penalty.route=through_probe", "penalty.weight=2", "steps=50", "probe.layer=all" });
        Assert.Empty(errors);
        Assert.Equal(ParameterValue.Of("all"), values["probe.layer"]);
        Assert.Equal(ParameterValue.Of("through_probe"), values["penalty.route"]);
        Assert.Equal(ParameterValue.Of(2), values["penalty.weight"]);
        Assert.Equal(ParameterValue.Of(50), values["steps"]);
    }
}
