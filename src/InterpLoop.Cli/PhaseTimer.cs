using System.Diagnostics;
using InterpLoop.Engine;

namespace InterpLoop.Cli;

/// <summary>
/// Wall time of each phase of a run, from its progress reports: a phase lasts from its first report (the
/// first phase: from <see cref="PhaseTimer()"/>) to the next phase's first report, the last one to <see cref="Stop"/>.
/// </summary>
internal sealed class PhaseTimer : IProgress<TrainingProgress>
{
    readonly Stopwatch clock = Stopwatch.StartNew();
    readonly List<(string Phase, TimeSpan Start)> starts = new();
    TimeSpan? end;

    public void Report(TrainingProgress value)
    {
        if (starts.Count == 0 || starts[^1].Phase != value.Phase) starts.Add((value.Phase, starts.Count == 0 ? TimeSpan.Zero : clock.Elapsed));
    }

    public void Stop() => end = clock.Elapsed;

    public TimeSpan Total => end ?? clock.Elapsed;

    /// <summary>Each phase in order with its duration.</summary>
    public IReadOnlyList<(string Phase, TimeSpan Duration)> Phases =>
        starts.Select((s, i) => (s.Phase, (i + 1 < starts.Count ? starts[i + 1].Start : Total) - s.Start)).ToList();
}
