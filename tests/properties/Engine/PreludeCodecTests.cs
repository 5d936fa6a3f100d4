using InterpLoop.Engine.RewardHacking;
using InterpLoop.Properties.Hunt;

namespace InterpLoop.Properties.Engine;

/// <summary>A prelude's snapshot: lossless both ways, refused when altered, and a stored prelude gives the metrics of the one in memory.</summary>
public class PreludeCodecTests
{
    static readonly PreludeKey Key = PreludeKey.Of(SmallRuns.Config, 0);

    [Fact]
    public void Decoding_an_encoded_prelude_gives_back_every_tensor_and_number_bit_for_bit()
    {
        using var original = TinyPreludes.Make(3);
        var bytes = PreludeCodec.Encode(original, Key);
        using var decoded = PreludeCodec.Decode(bytes, Key);
        Assert.Equal(bytes, PreludeCodec.Encode(decoded, Key));
        foreach (var (a, b) in original.Tensors.Zip(decoded.Tensors))
        {
            Assert.Equal(a.dtype, b.dtype);
            Assert.Equal(a.shape, b.shape);
            Assert.True(a.eq(b).all().item<bool>());
            Assert.False(b.requires_grad);
        }
        Assert.True(double.IsNaN(decoded.Probe.Report.TprReference));
        Assert.Equal(original.Probe.Detector.Threshold, decoded.Probe.Detector.Threshold);
        Assert.Equal(original.Probe.Detector.Layers, decoded.Probe.Detector.Layers);
        Assert.Equal(original.Probe.Detector.Probes.Select(p => p.TrainingCrossEntropy), decoded.Probe.Detector.Probes.Select(p => p.TrainingCrossEntropy));
    }

    [Fact]
    public void An_altered_truncated_or_misfiled_snapshot_is_refused()
    {
        using var prelude = TinyPreludes.Make(1);
        var bytes = PreludeCodec.Encode(prelude, Key);
        var flipped = bytes.ToArray();
        flipped[bytes.Length / 2] ^= 0x10;
        Assert.Contains("checksum", Assert.Throws<FormatException>(() => PreludeCodec.Decode(flipped, Key)).Message);
        Assert.Throws<FormatException>(() => PreludeCodec.Decode(bytes[..^40], Key));
        Assert.Throws<FormatException>(() => PreludeCodec.Decode(Array.Empty<byte>(), Key));
        var other = PreludeKey.Of(SmallRuns.Config, 1);
        Assert.Contains(Key.Value, Assert.Throws<FormatException>(() => PreludeCodec.Decode(bytes, other)).Message);
    }

    [Fact]
    public void A_run_on_a_prelude_loaded_from_a_store_gives_the_metrics_of_a_run_that_computed_it()
    {
        var store = new MemoryPreludeStore();
        var config = SmallRuns.Config with { Steps = 10 };
        var computing = new MemoryPreludeCache(0);
        var computed = new RewardHackingScenario(computing).Run(config, 4, store, null, default);
        var loading = new MemoryPreludeCache();
        var loaded = new RewardHackingScenario(loading).Run(config, 4, store, null, default);

        Assert.Equal((0, 0, 1), computing.Sources);
        Assert.Equal((0, 1, 0), loading.Sources);
        RunStoreTests.AssertSameRun(computed, loaded);
    }

    [Fact]
    public void A_corrupt_stored_prelude_is_reported_by_its_key_and_recomputed()
    {
        var store = new MemoryPreludeStore();
        var config = SmallRuns.Config with { Steps = 10, PenaltyRoute = PenaltyRoute.ThroughProbe };
        var key = PreludeKey.Of(config, 2).Value;
        var fresh = new RewardHackingScenario(new MemoryPreludeCache(0)).Run(config, 2, store, null, default);
        store.Snapshots[key][100] ^= 0xFF;

        var cache = new MemoryPreludeCache();
        var recomputed = new RewardHackingScenario(cache).Run(config, 2, store, null, default);

        Assert.Equal(key, Assert.Single(store.Unreadable).Key);
        Assert.Equal((0, 0, 1), cache.Sources);
        RunStoreTests.AssertSameRun(fresh, recomputed);
        using var replaced = PreludeCodec.Decode(store.Snapshots[key], PreludeKey.Of(config, 2));   // the recomputed one took its place
    }
}
