using InterpLoop.Spec.Catalog;

namespace InterpLoop.Hunt;

/// <summary>
/// A locked result of a hunt: which claim of which hypothesis it concerns, the minimal configuration (the
/// assignments over the scenario's defaults), the seeds it was run on with what each gave, the engine that
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
    string ReplayCommand)
{
    public IReadOnlyList<long> Seeds => Runs.Select(r => r.Seed).ToList();

    public ReproductionRate Reproduction => new(Runs.Count(r => r.Reproduces), Runs.Count);
}
