using InterpLoop.Hunt.Search;
using InterpLoop.Spec;

namespace InterpLoop.Hunt.Atlas;

/// <summary>
/// The outcome map of a hypothesis over two of its varied parameters, data in and data out: every admitted
/// cell of the <see cref="AtlasGrid"/> runs on seeds 0 .. K − 1 through a <see cref="RunSource"/> (the caller
/// decides about the run store), and each cell reports its majority outcome and metric means.
/// </summary>
public static class AtlasRunner
{
    public static AtlasResult Run(Hypothesis hypothesis, AtlasOptions options, RunSource source,
        IProgress<AtlasProgress>? progress = null, CancellationToken cancellation = default)
    {
        var grid = AtlasGrid.For(hypothesis, options);
        var outcomeOrder = hypothesis.Catalog.FindMetric("outcome")?.Choices ?? Array.Empty<string>();
        int totalRuns = grid.Admitted.Count() * options.Seeds, runs = 0;
        var cells = new List<AtlasCell>();
        foreach (var point in grid.Points)
        {
            if (!point.Admitted)
            {
                cells.Add(AtlasCell.ExcludedAt(point));
                continue;
            }
            string current = $"{grid.X.Parameter}={point.X} {grid.Y.Parameter}={point.Y}";
            var results = new List<Engine.RunResult>();
            for (long seed = 0; seed < options.Seeds; seed++)
            {
                cancellation.ThrowIfCancellationRequested();
                progress?.Report(new AtlasProgress(cells.Count, grid.Points.Count, runs, totalRuns, current, seed));
                results.Add(source(point.Assignments, seed));
                runs++;
            }
            cells.Add(AtlasCell.Of(point, results, outcomeOrder));
        }
        progress?.Report(new AtlasProgress(cells.Count, grid.Points.Count, runs, totalRuns, "done", options.Seeds - 1));
        return new AtlasResult(grid, cells);
    }
}
