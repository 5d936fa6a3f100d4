using System.Diagnostics;

namespace InterpLoop.Hunt.Workers;

/// <summary>
/// What a child process that trains (a worker, a parallel hunt) is started with: tiered compilation off, so each method
/// is compiled once, optimised, instead of quickly and then again when it gets hot. A process that trains spends
/// seconds in a few hot loops and nothing in start-up, and tiering's recompilation and instrumentation (dynamic PGO)
/// cost a population of 16 about 1.2 s of JIT time against 0.36 s (System.Runtime.JitInfo, engine 0.9.0); the
/// background compiler thread takes that from the other core, which the other worker is using. Two 16-member workers
/// side by side took 12.2–12.8 s against 13.2–13.6 (three alternating pairs). The generated code computes the same
/// IEEE results at every tier (the JIT does not reassociate floating point), so the metrics do not change. A variable
/// the user set is left alone.
/// </summary>
public static class TrainingProcess
{
    public const string TieredCompilation = "DOTNET_TieredCompilation";

    public static ProcessStartInfo Configure(ProcessStartInfo info)
    {
        if (Environment.GetEnvironmentVariable(TieredCompilation) is null) info.Environment[TieredCompilation] = "0";
        return info;
    }
}
