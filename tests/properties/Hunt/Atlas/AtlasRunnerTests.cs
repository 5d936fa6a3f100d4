using InterpLoop.Cli.Atlas;
using InterpLoop.Engine;
using InterpLoop.Hunt;
using InterpLoop.Hunt.Atlas;
using InterpLoop.Spec;
using InterpLoop.Spec.Catalog;

namespace InterpLoop.Properties.Hunt.Atlas;

/// <summary>
/// Atlases over the planted landscape (blatant exactly where |a − 6.25| &lt; 0.25, `lucky` 1 on chosen seeds):
/// the map is the planted one, cells aggregate their seeds, excluded cells never run, and a second atlas over the
/// same store trains nothing and writes the same bytes, also after an interruption.
/// </summary>
public class AtlasRunnerTests
{
    /// <summary>a across the band's edges: 6 and 6.5 are just outside it, 6.125 .. 6.375 inside.</summary>
    static readonly Hypothesis Band = LandscapeScenario.Hypothesis("  vary { a in 6 .. 6.5   n in 1 .. 100   c in { plain, fancy } }\n  claim always distance >= 0.25\n");

    static readonly AtlasOptions BandOptions = new("a", "n") { Grid = 5, Seeds = 3 };

    static AtlasResult Run(LandscapeScenario scenario, Hypothesis h, AtlasOptions o, RunStore? store = null) =>
        AtlasRunner.Run(h, o, (a, s) => store is null ? scenario.Run(a, s) : store.GetOrRun(scenario, a, s));

    [Fact]
    public void The_map_is_the_planted_landscape()
    {
        var scenario = new LandscapeScenario();
        var r = Run(scenario, Band, BandOptions);
        Assert.Equal(new[] { 6, 6.125, 6.25, 6.375, 6.5 }, r.Grid.X.Values.Select(v => v.Number));
        Assert.Equal(25, r.Cells.Count);
        foreach (var c in r.Cells)
        {
            double distance = Math.Abs(c.Point.X.Number - 6.25);
            Assert.Equal(distance < 0.25 ? "blatant" : "honest", c.Majority);
            Assert.Equal(1.0, c.Share);
            Assert.Equal(new long[] { 0, 1, 2 }, c.Runs.Select(run => run.Seed));
            Assert.Equal(distance, c.MetricMeans["distance"]);
            Assert.Equal(c.Point.X.Number, c.MetricMeans["m"]); // c is held at its default, plain
        }
        Assert.Equal(25 * 3, scenario.Runs);
        Assert.Equal(75, r.Runs);
    }

    [Fact]
    public void Metric_means_average_the_seeds()
    {
        var scenario = new LandscapeScenario();
        scenario.LuckySeeds.UnionWith(new long[] { 1, 3 });
        var r = Run(scenario, Band, BandOptions with { Seeds = 4 });
        Assert.All(r.Cells, c => Assert.Equal(0.5, c.MetricMeans["lucky"]));
    }

    static RunResult Result(string outcome, long seed, double x) =>
        new("landscape_fake", Array.Empty<KeyValuePair<string, string>>(), seed, new Dictionary<string, double> { ["x"] = x, ["y"] = double.NaN }, outcome, null, EngineVersion.Current);

    [Fact]
    public void A_cell_takes_the_commonest_outcome_breaking_ties_by_the_taxonomy_and_leaves_undefined_metrics_out_of_means()
    {
        var point = new AtlasPoint(0, 0, ParameterValue.Of(1), ParameterValue.Of(2), new Dictionary<string, ParameterValue>(), true);
        var taxonomy = new[] { "honest", "blatant" };
        var two = AtlasCell.Of(point, new[] { Result("blatant", 0, 1), Result("honest", 1, double.NaN), Result("blatant", 2, 4) }, taxonomy);
        Assert.Equal(("blatant", 2), (two.Majority, two.MajorityCount));
        Assert.Equal(2.0 / 3, two.Share);
        Assert.Equal(2.5, two.MetricMeans["x"]); // the NaN of seed 1 is left out
        Assert.True(double.IsNaN(two.MetricMeans["y"]));
        var tie = AtlasCell.Of(point, new[] { Result("blatant", 0, 1), Result("honest", 1, 1) }, taxonomy);
        Assert.Equal(("honest", 1), (tie.Majority, tie.MajorityCount));
    }

    [Fact]
    public void Excluded_cells_are_never_run()
    {
        var scenario = new LandscapeScenario();
        var h = LandscapeScenario.Hypothesis("  vary { a in 6 .. 6.5   n in 1 .. 100 }\n  assume a < 6.3 or n < 30\n  claim always distance >= 0.25\n");
        var r = Run(scenario, h, BandOptions);
        var excluded = r.Cells.Where(c => c.Excluded).ToList();
        Assert.Equal(2 * 3, excluded.Count); // a = 6.375 and 6.5 on the rows n = 51, 75 and 100 (n = 1 and 26 are admitted)
        Assert.All(excluded, c => Assert.True(c.Point.X.Number >= 6.3 && c.Point.Y.Number >= 30));
        Assert.All(excluded, c => Assert.Empty(c.Runs));
        Assert.All(excluded, c => Assert.Null(c.Majority));
        Assert.Equal((25 - 6) * 3, scenario.Runs);
    }

    [Fact]
    public void A_second_atlas_over_the_same_store_trains_nothing_and_writes_the_same_json()
    {
        using var temp = new TempFolder();
        var scenario = new LandscapeScenario();
        string first, second;
        using (var store = RunStore.Open(temp.File("runs.db")))
        {
            first = AtlasJson.Serialize(Run(scenario, Band, BandOptions, store), "interploop atlas fake");
            Assert.Equal((0, 75), (store.Hits, store.Misses));
        }
        using (var store = RunStore.Open(temp.File("runs.db")))
        {
            second = AtlasJson.Serialize(Run(scenario, Band, BandOptions, store), "interploop atlas fake");
            Assert.Equal((75, 0), (store.Hits, store.Misses));
        }
        Assert.Equal(75, scenario.Runs);
        Assert.Equal(first, second);
        Assert.Contains("\"majority\": \"blatant\"", first);
    }

    [Fact]
    public void An_interrupted_atlas_keeps_its_finished_runs_and_the_rerun_trains_only_the_rest()
    {
        using var temp = new TempFolder();
        var scenario = new LandscapeScenario();
        using var store = RunStore.Open(temp.File("runs.db"));
        using var cancel = new CancellationTokenSource();
        int calls = 0;
        Assert.Throws<OperationCanceledException>(() => AtlasRunner.Run(Band, BandOptions, (a, s) =>
        {
            var run = store.GetOrRun(scenario, a, s);
            if (++calls == 20) cancel.Cancel();
            return run;
        }, null, cancel.Token));
        Assert.Equal(20, store.Count);

        var r = Run(scenario, Band, BandOptions, store);
        Assert.Equal((20, 75), (store.Hits, store.Misses)); // cumulative: 20 trained before the interruption, 55 after
        Assert.Equal(AtlasJson.Serialize(Run(new LandscapeScenario(), Band, BandOptions), "c"), AtlasJson.Serialize(r, "c"));
    }

    [Fact]
    public void Progress_counts_cells_and_runs_up_to_their_totals()
    {
        var reports = new List<AtlasProgress>();
        var h = LandscapeScenario.Hypothesis("  vary { a in 6 .. 6.5   n in 1 .. 100 }\n  assume a < 6.3 or n < 30\n  claim always distance >= 0.25\n");
        AtlasRunner.Run(h, BandOptions, (a, s) => new LandscapeScenario().Run(a, s), new SyncProgress(reports.Add));
        Assert.Equal(new AtlasProgress(25, 25, 57, 57, "done", 2), reports[^1]);
        Assert.Equal(Enumerable.Range(0, 57), reports.SkipLast(1).Select(p => p.RunsDone));
        Assert.All(reports, p => Assert.InRange(p.CellsDone, 0, p.Cells));
    }

    sealed class SyncProgress(Action<AtlasProgress> report) : IProgress<AtlasProgress>
    {
        public void Report(AtlasProgress value) => report(value);
    }
}
