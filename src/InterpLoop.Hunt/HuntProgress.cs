namespace InterpLoop.Hunt;

/// <summary>
/// What a hunt reports as it goes, to the edge that draws it: the phase (search, shrink, reproduce), runs spent
/// of the budget, the best margin toward a counterexample so far, and the configuration being run.
/// </summary>
public sealed record HuntProgress(string Phase, int Runs, int Budget, double? BestScore, string Candidate, long Seed, int Configurations);
