using InterpLoop.Engine;
using InterpLoop.Engine.RewardHacking;
using InterpLoop.Spec.Catalog;
using static TorchSharp.torch;

namespace InterpLoop.Properties.Engine;

/// <summary>The prelude key: every knob but the named ones, the seed and the engine version; and the named ones really are not read.</summary>
public class PreludeKeyTests
{
    [Fact]
    public void Every_excluded_name_is_a_catalog_parameter()
    {
        var names = RewardHackingCatalog.Catalog.Parameters.Select(p => p.Name).ToHashSet();
        Assert.All(PreludeKey.NotReadByPrelude, n => Assert.Contains(n, names));
    }

    [Fact]
    public void The_knobs_of_the_later_phases_leave_the_key_alone()
    {
        var changed = SmallRuns.Config with
        {
            Learner = Learner.Dpo, PenaltyRoute = PenaltyRoute.ThroughProbe, PenaltyWeight = 7, KlBeta = 0.3, Steps = 3, ProbeRefresh = 2,
            RlLearningRate = 0.01, RlBatch = 4, RlGroup = 3, EvalProblems = 64, HonestCutoff = 0.1, DegenerateCutoff = 0.2, RecallCutoff = 0.9,
        };
        Assert.Equal(PreludeKey.Of(SmallRuns.Config, 0), PreludeKey.Of(changed, 0));
    }

    [Fact]
    public void Seed_engine_version_and_every_other_knob_change_the_key()
    {
        var c = SmallRuns.Config;
        var keys = new[]
        {
            PreludeKey.Of(c, 0), PreludeKey.Of(c, 1), PreludeKey.Of(c, 0, engineVersion: "999.0.0"),
            PreludeKey.Of(c with { Architecture = Architecture.BeliefDesire }, 0), PreludeKey.Of(c with { Evasion = Evasion.None }, 0),
            PreludeKey.Of(c with { ProbeKind = ProbeKind.Mlp }, 0), PreludeKey.Of(c with { ProbeAggregation = ProbeAggregation.Max }, 0),
            PreludeKey.Of(c with { ProbeLayer = 1 }, 0), PreludeKey.Of(c with { ProbeFpr = 0.1 }, 0), PreludeKey.Of(c with { ProbeSharpness = 2 }, 0),
            PreludeKey.Of(c with { ProbeQuality = 0.5 }, 0), PreludeKey.Of(c with { Hidden = 17 }, 0), PreludeKey.Of(c with { Features = 9 }, 0),
            PreludeKey.Of(c with { Answers = 7 }, 0), PreludeKey.Of(c with { MaxTokens = 5 }, 0), PreludeKey.Of(c with { ReferenceSteps = 101 }, 0),
            PreludeKey.Of(c with { ReferenceAccuracy = 0.7 }, 0), PreludeKey.Of(c with { ReferenceHackRate = 0.1 }, 0),
            PreludeKey.Of(c with { ReferenceFillerRate = 0.3 }, 0), PreludeKey.Of(c with { ReferenceHackFillerRate = 0.1 }, 0),
        };
        Assert.Equal(keys.Length, keys.Distinct().Count());
        Assert.All(keys, k => Assert.Matches("^[0-9a-f]{64}$", k.Value));
        // Every catalog knob not excluded is in the text, so a new knob splits preludes until it is listed.
        var included = RewardHackingCatalog.Catalog.Parameters.Select(p => p.Name).Where(n => !PreludeKey.NotReadByPrelude.Contains(n));
        Assert.All(included, n => Assert.Contains($"\nconfig.{n}=", keys[0].Text));
    }

    [Fact]
    public void Phases_one_and_two_compute_the_same_prelude_whatever_the_excluded_knobs_say()
    {
        // Each excluded knob at a value far from its default: if phase 1 or 2 read any of them, some tensor or
        // report would differ.
        var changed = SmallRuns.Config with
        {
            Learner = Learner.Dpo, PenaltyRoute = PenaltyRoute.ThroughProbe, PenaltyWeight = 50, KlBeta = 5, Steps = 4000, ProbeRefresh = 7,
            RlLearningRate = 1e-5, RlBatch = 1000, RlGroup = 60, EvalProblems = 99999, HonestCutoff = 0.9, DegenerateCutoff = 0.9, RecallCutoff = 0.01,
        };
        Assert.Equal(Snapshot(SmallRuns.Config, 3), Snapshot(changed, 3));
    }

    /// <summary>The prelude's bytes with the key field made equal, so only tensors and reports are compared.</summary>
    internal static byte[] Snapshot(RewardHackingConfig config, long seed)
    {
        using var scope = NewDisposeScope();
        using var prelude = Prelude.Compute(config, new TaskEnvironment(config.Features, config.Answers), seed, null, default);
        return PreludeCodec.Encode(prelude, PreludeKey.Of(SmallRuns.Config, seed));
    }
}
