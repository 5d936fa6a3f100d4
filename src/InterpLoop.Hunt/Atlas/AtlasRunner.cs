using InterpLoop.Engine;
using InterpLoop.Hunt.Search;
using InterpLoop.Spec;

namespace InterpLoop.Hunt.Atlas;

/// <summary>
/// The outcome map of a hypothesis over two of its varied parameters, data in and data out: every admitted
/// cell of the <see cref="AtlasGrid"/> runs on seeds 0 .. K − 1, all of them one batch of a <see cref="RunBatchSource"/>
/// (the caller decides about the run store and the backend), and each cell reports its majority outcome and metric means.
/// </summary>
public static class AtlasRunner
{
    /// <summary>With a solo source, one run at a time, reporting progress before each.</summary>
    public static AtlasResult Run(Hypothesis hypothesis, AtlasOptions options, RunSource source,
        IProgress<AtlasProgress>? progress = null, CancellationToken cancellation = default)
    {
        var grid = AtlasGrid.For(hypothesis, options);
        var admitted = grid.Points.Where(p => p.Admitted).ToList();
        int totalRuns = admitted.Count * options.Seeds, runs = 0;
        var cellsBefore = grid.Points.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i);
        RunBatchSource reporting = requests => requests.Select(r =>
        {
            cancellation.ThrowIfCancellationRequested();
            var point = admitted[runs / options.Seeds];
            progress?.Report(new AtlasProgress(cellsBefore[point], grid.Points.Count, runs, totalRuns, Current(grid, point), r.Seed));
            var result = source(r.Assignments, r.Seed);
            runs++;
            return result;
        }).ToList();
        return Run(grid, options, reporting, progress, cancellation);
    }

    /// <summary>
    /// The whole admitted grid × seeds as one batch (cell by cell, seeds 0 .. K − 1 within a cell), so a batched
    /// backend can run it all at once; progress is reported before and after it.
    /// </summary>
    public static AtlasResult Run(Hypothesis hypothesis, AtlasOptions options, RunBatchSource source,
        IProgress<AtlasProgress>? progress = null, CancellationToken cancellation = default)
    {
        var grid = AtlasGrid.For(hypothesis, options);
        return Run(grid, options, requests =>
        {
            progress?.Report(new AtlasProgress(0, grid.Points.Count, 0, requests.Count, $"{requests.Count} runs as one batch", 0));
            return source(requests);
        }, progress, cancellation);
    }

    static AtlasResult Run(AtlasGrid grid, AtlasOptions options, RunBatchSource source, IProgress<AtlasProgress>? progress, CancellationToken cancellation)
    {
        var outcomeOrder = grid.Hypothesis.Catalog.FindMetric("outcome")?.Choices ?? Array.Empty<string>();
        var admitted = grid.Points.Where(p => p.Admitted).ToList();
        var requests = admitted.SelectMany(p => Enumerable.Range(0, options.Seeds).Select(seed => new RunRequest(p.Assignments, seed))).ToList();
        cancellation.ThrowIfCancellationRequested();
        var results = requests.Count == 0 ? Array.Empty<Engine.RunResult>() : source(requests);
        if (results.Count != requests.Count)
            throw new InvalidOperationException($"a run batch of {requests.Count} request(s) came back with {results.Count} result(s)");
        var cells = new List<AtlasCell>();
        int next = 0;
        foreach (var point in grid.Points)
        {
            if (!point.Admitted) { cells.Add(AtlasCell.ExcludedAt(point)); continue; }
            cells.Add(AtlasCell.Of(point, results.Skip(next).Take(options.Seeds).ToList(), outcomeOrder));
            next += options.Seeds;
        }
        progress?.Report(new AtlasProgress(cells.Count, grid.Points.Count, results.Count, requests.Count, "done", options.Seeds - 1));
        return new AtlasResult(grid, cells);
    }

    static string Current(AtlasGrid grid, AtlasPoint point) => $"{grid.X.Parameter}={point.X} {grid.Y.Parameter}={point.Y}";
}
