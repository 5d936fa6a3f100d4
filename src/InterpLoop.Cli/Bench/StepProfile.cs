using System.Diagnostics;
using InterpLoop.Engine;

namespace InterpLoop.Cli.Bench;

/// <summary>
/// Wall time of each numbered phase of an RL step, from the learner's <see cref="IStepMarks"/>: a phase lasts from the
/// previous mark to its own. The first <paramref name="warmup"/> steps are not counted (first-call costs). With the
/// managed allocations and garbage collections of the counted steps, so the profile can say whether the GC plays a part.
/// </summary>
internal sealed class StepProfile(int warmup) : IStepMarks
{
    const string LastPhase = "7 update";
    readonly Stopwatch clock = new();
    readonly Dictionary<string, double> seconds = new();
    int stepsSeen;
    long allocatedAtStart;
    int[] collectionsAtStart = new int[3];

    /// <summary>Steps timed (after the warm-up).</summary>
    public int Steps => Math.Max(0, stepsSeen - warmup);

    public void Mark(string phase)
    {
        if (stepsSeen >= warmup && clock.IsRunning) seconds[phase] = seconds.GetValueOrDefault(phase) + clock.Elapsed.TotalSeconds;
        if (phase == LastPhase && ++stepsSeen == warmup)
        {
            allocatedAtStart = GC.GetTotalAllocatedBytes(precise: true);
            collectionsAtStart = Enumerable.Range(0, 3).Select(GC.CollectionCount).ToArray();
        }
        clock.Restart();
    }

    /// <summary>Milliseconds a step spends in each phase, divided by <paramref name="members"/> (a population's per-member share).</summary>
    public IReadOnlyDictionary<string, double> MillisecondsPerStep(int members) =>
        seconds.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value * 1000 / Math.Max(1, Steps) / members);

    /// <summary>Managed bytes allocated per counted step.</summary>
    public double AllocatedBytesPerStep => (GC.GetTotalAllocatedBytes(precise: true) - allocatedAtStart) / (double)Math.Max(1, Steps);

    /// <summary>Garbage collections of generations 0, 1 and 2 during the counted steps.</summary>
    public IReadOnlyList<int> Collections => Enumerable.Range(0, 3).Select(g => GC.CollectionCount(g) - collectionsAtStart[g]).ToList();
}
