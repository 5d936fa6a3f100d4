using InterpLoop.Engine.RewardHacking;
using InterpLoop.Spec.Catalog;

namespace InterpLoop.Properties.Engine;

/// <summary>The catalog (in InterpLoop.Spec) and the engine's config record must describe the same knobs.</summary>
public class ConfigBindingTests
{
    static readonly ScenarioCatalog Catalog = RewardHackingCatalog.Catalog;

    public static IEnumerable<object[]> Parameters => Catalog.Parameters.Select(p => new object[] { p.Name });

    [Fact]
    public void Every_catalog_parameter_is_bound_and_nothing_else()
    {
        Assert.Equal(Catalog.Parameters.Select(p => p.Name).OrderBy(n => n), RewardHackingConfigBinding.Names.OrderBy(n => n));
        Assert.Equal(Catalog.Parameters.Count, Catalog.Parameters.Select(p => p.Name).Distinct().Count());
    }

    [Theory, MemberData(nameof(Parameters))]
    public void The_record_default_is_the_catalog_default(string name)
    {
        var info = Catalog.FindParameter(name)!;
        Assert.Equal(info.Default, RewardHackingConfigBinding.Get(new RewardHackingConfig(), name));
        Assert.True(info.Contains(info.Default), $"{name}'s default {info.Default} is outside its own domain {info.DescribeDomain()}");
    }

    [Theory, MemberData(nameof(Parameters))]
    public void Every_value_of_the_domain_reaches_the_config(string name)
    {
        var info = Catalog.FindParameter(name)!;
        foreach (var value in SampleDomain(info))
        {
            var config = RewardHackingConfigBinding.Bind(new Dictionary<string, ParameterValue> { [name] = value });
            Assert.Equal(value, RewardHackingConfigBinding.Get(config, name));
            // Only the assigned knob moves.
            foreach (var other in Catalog.Parameters.Where(p => p.Name != name))
                Assert.Equal(other.Default, RewardHackingConfigBinding.Get(config, other.Name));
        }
    }

    [Fact]
    public void Describe_lists_every_knob_in_catalog_order()
    {
        var described = RewardHackingConfigBinding.Describe(new RewardHackingConfig() with { PenaltyRoute = PenaltyRoute.ThroughProbe });
        Assert.Equal(Catalog.Parameters.Select(p => p.Name), described.Select(kv => kv.Key));
        Assert.Equal("through_probe", described.Single(kv => kv.Key == "penalty.route").Value);
    }

    /// <summary>A stored run is keyed by this text, so layer 2 must read exactly as before the symbol all existed.</summary>
    [Fact]
    public void Probe_layer_describes_as_its_number_or_all()
    {
        string Layer(RewardHackingConfig c) => RewardHackingConfigBinding.Describe(c).Single(kv => kv.Key == "probe.layer").Value;
        Assert.Equal("2", Layer(new RewardHackingConfig()));
        Assert.Equal("1", Layer(new RewardHackingConfig { ProbeLayer = 1 }));
        Assert.Equal("all", Layer(new RewardHackingConfig { ProbeLayer = null }));
        Assert.Null(RewardHackingConfigBinding.Bind(new Dictionary<string, ParameterValue> { ["probe.layer"] = ParameterValue.Of("all") }).ProbeLayer);
    }

    static IEnumerable<ParameterValue> SampleDomain(ParameterInfo p) => p.Kind switch
    {
        ParameterKind.Choice => p.Choices.Select(ParameterValue.Of),
        ParameterKind.Integer => new[] { p.Min, p.Max, Math.Floor((p.Min + p.Max) / 2) }.Distinct().Select(ParameterValue.Of)
            .Concat(p.Choices.Select(ParameterValue.Of)),
        _ => new[] { p.Min, p.Max, (p.Min + p.Max) / 2 }.Distinct().Select(ParameterValue.Of),
    };
}
