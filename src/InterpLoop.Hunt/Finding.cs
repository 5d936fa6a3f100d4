using InterpLoop.Spec.Catalog;

namespace InterpLoop.Hunt;

/// <summary>
/// A locked result of a hunt: which claim of which hypothesis it concerns, the minimal configuration (the
/// assignments over the scenario's defaults; a paired claim's two runs add <see cref="Pairing"/>), the seeds it was run on with what each gave, the engine that
/// produced it, and how to reproduce it. <see cref="FindingFile"/> reads and writes it as JSON under findings/.
/// </summary>
public sealed record Finding(
    string Hypothesis,
    string SpecFile,
    string Claim,
    FindingVerdict Verdict,
    string Scenario,
    IReadOnlyDictionary<string, ParameterValue> Config,
    IReadOnlyList<FindingRun> Runs,
    string EngineVersion,
    string CreatedBy,
    string ReplayCommand,
    FindingPairing? Pairing = null)
{
    public IReadOnlyList<long> Seeds => Runs.Select(r => r.Seed).ToList();

    /// <summary>Over the fresh seeds: the seeds the search picked were selected for failing, so they would flatter the rate.</summary>
    public ReproductionRate Reproduction => Rate(Runs);

    public static ReproductionRate Rate(IReadOnlyList<FindingRun> runs)
    {
        var fresh = runs.Where(r => r.Fresh).ToList();
        return new(fresh.Count(r => r.Reproduces), fresh.Count);
    }

    /// <summary>The assignments of run A (or the only run) and, when paired, of run B.</summary>
    public IReadOnlyDictionary<string, ParameterValue> ConfigOf(bool runB)
    {
        if (Pairing is null) return Config;
        var d = new Dictionary<string, ParameterValue>(Config);
        foreach (var (k, v) in runB ? Pairing.B : Pairing.A) d[k] = v;
        return d;
    }
}
