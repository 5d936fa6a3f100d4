using System.Diagnostics;
using InterpLoop.Hunt.Atlas;

namespace InterpLoop.Cli.Atlas;

/// <summary>
/// An atlas' live progress on stderr: cells done of all, runs done of all, the cell and seed being run (a negative
/// seed: none, when worker processes train the runs) and the elapsed time. A spinner line on a terminal; plain lines, one per run, when stderr is not a terminal.
/// </summary>
internal static class AtlasDisplay
{
    public static AtlasResult Run(string name, int cells, int runs, Func<IProgress<AtlasProgress>, AtlasResult> atlas)
    {
        var clock = Stopwatch.StartNew();
        string Line(AtlasProgress p) =>
            $"{name}: cell {p.CellsDone}/{p.Cells} · run {p.RunsDone}/{p.Runs} · {(p.Seed >= 0 ? $"{p.Current} seed {p.Seed}" : p.Current)} · {clock.Elapsed:hh\\:mm\\:ss}";
        return LiveStatus.Run($"atlas of {name}: {cells} cells, {runs} runs", $"{name}: starting", (AtlasProgress p) => Line(p),
            p => p.Current != "done", (AtlasResult r) => $"{name}: {r.Cells.Count} cells, {r.Runs} runs in {clock.Elapsed:hh\\:mm\\:ss}", atlas);
    }
}
