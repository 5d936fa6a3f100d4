using InterpLoop.Hunt.Search;
using InterpLoop.Spec;

namespace InterpLoop.Hunt;

/// <summary>
/// The outcome of a hunt, as data: the verdict, runs spent, the first counterexample found (<see cref="Original"/>)
/// and its shrunk form, the fresh-seed trials and reproduction rate, and how many runs it took to find it.
/// </summary>
public sealed record HuntResult(
    Hypothesis Hypothesis,
    SearchSpace Space,
    HuntOptions Options,
    HuntVerdict Verdict,
    int Runs,
    int Configurations,
    int? RunsToFirstHit,
    Evaluation? Original,
    Evaluation? Shrunk,
    int ShrinkSteps,
    IReadOnlyList<Trial> Fresh,
    ReproductionRate? Reproduction)
{
    /// <summary>Whether <see cref="Original"/> is the recorded finding's configuration (<see cref="HuntOptions.Replay"/>), re-checked rather than found.</summary>
    public bool FromRecord { get; init; }
}
