using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// Phases 1 and 2 of a monolithic run: the reference policy and the deception probe fitted and calibrated on
/// it, with its report and the labelled responses it was fitted and tested on. They depend only on the seed
/// and the knobs <see cref="PreludeKey"/> keeps, so every run that shares the key can share one prelude.
/// Its tensors belong to no dispose scope: they outlive the run that computed them, runs only read them
/// (RL trains a clone of the reference; a probe refresh fits a new probe), and <see cref="Dispose"/> frees them.
/// </summary>
public sealed class Prelude : IDisposable
{
    internal Prelude(PolicyNetwork reference, FittedProbe probe)
    {
        Reference = reference;
        Probe = probe;
    }

    internal PolicyNetwork Reference { get; }
    internal FittedProbe Probe { get; }

    /// <summary>Every tensor the prelude holds.</summary>
    internal IEnumerable<Tensor> Tensors =>
        Reference.Parameters
            .Concat(Probe.Detector.Probes.SelectMany(p => p.Parts.Weights))
            .Concat(DataTensors(Probe.Train))
            .Concat(DataTensors(Probe.Test));

    static IEnumerable<Tensor> DataTensors(ProbeData d) => new[] { d.X, d.Tokens, d.Emitted, d.Labels };

    /// <summary>Phases 1 and 2, computed in their own dispose scope; only the prelude's tensors survive it.</summary>
    internal static Prelude Compute(RewardHackingConfig config, TaskEnvironment env, long seed,
        IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        using var scope = NewDisposeScope();

        // 1. The reference policy.
        var reference = ReferencePretraining.Train(config, env,
            SeedStreams.Generator(seed, "reference.init"), SeedStreams.Generator(seed, "reference.data"), progress, cancellation);

        // 2. The probe, fitted and calibrated on the reference.
        progress?.Report(new TrainingProgress("probe", 0, 1));
        var probe = ProbeTraining.Train(config, env, reference, SeedStreams.Generator(seed, "probe"));

        var prelude = new Prelude(reference, probe);
        foreach (var t in prelude.Tensors) t.DetachFromDisposeScope();
        return prelude;
    }

    public void Dispose()
    {
        foreach (var t in Tensors) t.Dispose();
    }
}
