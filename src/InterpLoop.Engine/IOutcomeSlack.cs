namespace InterpLoop.Engine;

/// <summary>
/// A scenario that can say how far a finished run is from being a given outcome (see
/// <see cref="OutcomeClassifier.Slack"/>): positive iff the run is that outcome. A targeted search uses it
/// to give `outcome == …` a distance, which a symbol alone lacks.
/// </summary>
public interface IOutcomeSlack
{
    /// <exception cref="ArgumentException">The outcome is unknown, or the run lacks a metric or threshold the scenario classifies by.</exception>
    double OutcomeSlack(RunResult run, string outcome);
}
