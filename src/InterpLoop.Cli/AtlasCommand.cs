using InterpLoop.Engine;
using System.CommandLine;
using System.Diagnostics;
using InterpLoop.Cli.Atlas;
using InterpLoop.Hunt;
using InterpLoop.Hunt.Atlas;
using InterpLoop.Hunt.Workers;
using InterpLoop.Hunt.Search;
using InterpLoop.Hunt.Slurm;
using InterpLoop.Spec;
using InterpLoop.Spec.Catalog;
using Spectre.Console;

namespace InterpLoop.Cli;

/// <summary>
/// `interploop atlas`: the outcome map of one hypothesis over two of its varied parameters, as a PNG, a
/// self-contained HTML page and canonical JSON. Every run goes through the run store, so a repeated atlas is
/// instant and an interrupted one loses only the run it was training.
/// </summary>
internal static class AtlasCommand
{
    public const string PictureFile = "atlas.png", PageFile = "atlas.html", JsonFile = "atlas.json";

    public static Command Create()
    {
        var spec = new Argument<string>("spec") { Description = "A spec file (*.ilspec)" };
        var hypothesis = new Option<string?>("--hypothesis") { Description = "The hypothesis to map (required when the file has several)" };
        var x = new Option<string>("--x") { Description = "Varied parameter on the horizontal axis", Required = true };
        var y = new Option<string>("--y") { Description = "Varied parameter on the vertical axis", Required = true };
        var grid = new Option<int>("--grid") { Description = "Points per range axis (a set axis has all its members)", DefaultValueFactory = _ => AtlasOptions.DefaultGrid };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per cell: 0 .. K-1", DefaultValueFactory = _ => AtlasOptions.DefaultSeeds };
        var side = new Option<string?>("--side") { Description = "For a paired claim: map the runs of side A or side B" };
        side.AcceptOnlyFromAmong("A", "B", "a", "b");
        var output = new Option<string?>("--out") { Description = "Folder to write atlas.png, atlas.html and atlas.json to (default: atlas/<hypothesis>/)" };
        var json = new Option<bool>("--json") { Description = "Print atlas.json to stdout and nothing else there" };
        var store = new Option<string?>("--store") { Description = $"Run store file; default {RunStore.DefaultPath} under the current folder" };
        var noStore = new Option<bool>("--no-store") { Description = "Train every run afresh, neither reading nor writing the run store" };
        var jobs = new Option<int>("--jobs") { Description = "Local backend: worker processes the grid's runs are split over, each on one core (1: train in this process)", DefaultValueFactory = _ => new WorkerOptions().Jobs };
        var command = new Command("atlas", "Map a hypothesis' outcomes over two varied parameters: atlas.png, atlas.html and atlas.json.")
            { spec, hypothesis, x, y, grid, seeds, side, output, json, store, noStore, jobs };
        var backend = BackendArguments.AddTo(command);
        command.SetAction((parse, cancellation) => Task.FromResult(Execute(new Request(parse.GetValue(spec)!, parse.GetValue(hypothesis),
            parse.GetValue(x)!, parse.GetValue(y)!, parse.GetValue(grid), parse.GetValue(seeds),
            parse.GetValue(side)?.ToUpperInvariant() switch { "A" => AtlasSide.A, "B" => AtlasSide.B, _ => null },
            parse.GetValue(output), parse.GetValue(json), parse.GetValue(store), parse.GetValue(noStore), parse.GetValue(jobs), backend.Read(parse)), cancellation)));
        return command;
    }

    sealed record Request(string Spec, string? Hypothesis, string X, string Y, int Grid, int Seeds, AtlasSide? Side,
        string? Out, bool Json, string? Store, bool NoStore, int Jobs, BackendArguments.Values Backend);

    /// <summary>The shell's convention for a process stopped by SIGINT (128 + 2).</summary>
    const int Interrupted = 130;

    static int Execute(Request q, CancellationToken cancellation)
    {
        if (q.NoStore && q.Store is not null) return Usage("--store and --no-store exclude each other");
        if (q.Backend.Error is { } backendError) return Usage(backendError);
        if (q.Backend.Slurm is not null && q.NoStore) return Usage("--backend slurm needs a run store (the array job's shard stores are merged into it); drop --no-store");
        if (q.Jobs < 1) return Usage($"--jobs {q.Jobs}: give at least 1 worker process");
        if (q.Grid < 2) return Usage($"--grid {q.Grid}: an atlas needs at least 2 points per axis");
        if (q.Seeds < 1) return Usage($"--seeds {q.Seeds}: each cell needs at least 1 seed");
        if (!File.Exists(q.Spec)) return Usage(Directory.Exists(q.Spec) ? $"{q.Spec} is a folder; give one spec file" : $"no such spec file: {q.Spec}");

        var spec = HuntableSpec.Load(q.Spec, findingsMustExist: false);
        if (spec.HasErrors)
        {
            CheckCommand.PrintDiagnostics(spec.Diagnostics, Console.Error);
            Console.Error.WriteLine($"error: {q.Spec} has {spec.Diagnostics.Count(d => d.IsError)} error(s); fix them before drawing an atlas (interploop check {q.Spec})");
            return CommandLine.Failure;
        }
        var names = spec.Hypotheses.Select(h => h.Name).ToList();
        Hypothesis h;
        if (q.Hypothesis is not null)
        {
            var found = spec.Hypotheses.FirstOrDefault(x => x.Name == q.Hypothesis);
            if (found is null)
            {
                var near = NameSuggester.Nearest(q.Hypothesis, names);
                return Usage($"{q.Spec} has no hypothesis '{q.Hypothesis}'" + (near is null ? "" : $" (did you mean '{near}'?)") + $"; it has: {string.Join(", ", names)}");
            }
            h = found;
        }
        else if (names.Count == 1) h = spec.Hypotheses[0];
        else if (names.Count == 0) return Usage($"{q.Spec} has no hypothesis to map");
        else return Usage($"{q.Spec} has {names.Count} hypotheses; pick one with --hypothesis: {string.Join(", ", names)}");

        var options = new AtlasOptions(q.X, q.Y) { Grid = q.Grid, Seeds = q.Seeds, Side = q.Side };
        AtlasGrid grid;
        try { grid = AtlasGrid.For(h, options); }
        catch (AtlasException e) { return Usage(e.Message); }

        string folder = q.Out ?? Path.Combine("atlas", h.Name);
        if (File.Exists(folder)) return Usage($"--out {folder} is a file; give a folder for {PictureFile}, {PageFile} and {JsonFile}");
        try { Directory.CreateDirectory(folder); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Usage($"cannot create the output folder {folder}: {e.Message}"); }

        RunStore? runStore = null;
        if (!q.NoStore)
        {
            try { runStore = RunStore.Open(q.Store); }
            catch (RunStoreException e) { return Usage(e.Message); }
        }
        using (runStore)
        {
            var scenario = Scenarios.Find(h.Catalog.Name)!;
            SlurmRunBatches? slurm = null;
            ParallelRunBatches? parallel = null;
            int runsTotal = grid.Admitted.Count() * q.Seeds;
            var clock = Stopwatch.StartNew();
            AtlasResult result;
            try
            {
                result = AtlasDisplay.Run(h.Name, grid.Points.Count, runsTotal, progress =>
                {
                    if (q.Backend.Slurm is not { } slurmOptions)
                    {
                        // The whole grid is one batch, trained as batched populations (split over --jobs worker
                        // processes); finished runs are the progress.
                        int done = 0;
                        var gate = new object();
                        void Finished(int count, string what, long seed)
                        {
                            lock (gate) // workers report from their own threads
                            {
                                done += count;
                                progress.Report(new AtlasProgress(done / q.Seeds, grid.Points.Count, done, runsTotal, what, seed));
                            }
                        }
                        if (q.Jobs > 1)
                        {
                            parallel = new ParallelRunBatches(scenario, runStore, new WorkerOptions { Jobs = q.Jobs, Worker = SelfProcess.Command() }, cancellation,
                                count => Finished(count, $"training in {q.Jobs} worker processes", -1));
                            return AtlasRunner.Run(h, options, parallel.Source, progress, cancellation);
                        }
                        var local = new LocalRunBatches(scenario, runStore, cancellation, run => Finished(1, $"seed {run.Seed} of a cell finished", run.Seed));
                        return AtlasRunner.Run(h, options, local.Source, progress, cancellation);
                    }
                    // The whole grid is one array job; its tasks and finished runs are the progress.
                    var coordinator = new SlurmCoordinator(new SlurmCommands(), slurmOptions, w => Console.Error.WriteLine($"warning: {w}"),
                        new SyncProgress<SlurmProgress>(p => progress.Report(new AtlasProgress(0, grid.Points.Count, p.RunsFinished, runsTotal, p.ToString(), 0))),
                        note: line => Console.Error.WriteLine(line));
                    slurm = new SlurmRunBatches(scenario, runStore!, coordinator, cancellation);
                    return AtlasRunner.Run(h, options, slurm.Source, progress, cancellation);
                });
            }
            catch (Exception e) when (e is SlurmException or WorkerException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return CommandLine.Failure;
            }
            catch (OperationCanceledException)
            {
                if (slurm is not null) Console.Error.WriteLine($"interrupted: the array job goes on; the same command picks it up (its plan and state are under {q.Backend.Slurm!.Folder})");
                Console.Error.WriteLine(runStore is null
                    ? "interrupted: with --no-store the finished runs are lost"
                    : $"interrupted: the finished runs are in {runStore.FilePath}; the same command takes them from there and goes on");
                return Interrupted;
            }
            catch (RunStoreException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return CommandLine.Failure;
            }
            finally
            {
                parallel?.Dispose(); // with --no-store, removes its temporary store
            }
            int fromStore = slurm?.FromStore ?? parallel?.FromStore ?? runStore?.Hits ?? 0;
            int trained = result.Runs - fromStore;

            string command = CommandFor(q, h.Name);
            string jsonText = AtlasJson.Serialize(result, command);
            string[] written;
            try
            {
                var png = AtlasPicture.Png(result);
                File.WriteAllBytes(Path.Combine(folder, PictureFile), png);
                File.WriteAllText(Path.Combine(folder, PageFile), AtlasPage.Html(result, png, command));
                File.WriteAllText(Path.Combine(folder, JsonFile), jsonText);
                written = new[] { PictureFile, PageFile, JsonFile }.Select(f => Path.Combine(folder, f).Replace('\\', '/')).ToArray();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: cannot write the atlas to {folder}: {e.Message} (its runs are in the store; the same command redraws it)");
                return CommandLine.Failure;
            }

            string runs = $"runs: {result.Runs} ({fromStore} from the run store, {trained} trained) in {clock.Elapsed:hh\\:mm\\:ss}";
            if (q.Json)
            {
                Console.Out.Write(jsonText);
                Console.Error.WriteLine(runs);
                Console.Error.WriteLine($"wrote {string.Join(", ", written)}");
            }
            else Print(result, runs, written);
            return CommandLine.Success;
        }
    }

    /// <summary>The arguments that decide the atlas' content; --out, --store and --json only decide where it goes.</summary>
    static string CommandFor(Request q, string hypothesis) =>
        $"interploop atlas {q.Spec.Replace('\\', '/')} --hypothesis {hypothesis} --x {q.X} --y {q.Y} --grid {q.Grid} --seeds {q.Seeds}"
        + (q.Side is { } s ? $" --side {s}" : "");

    static int Usage(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return CommandLine.UsageError;
    }

    static void Print(AtlasResult r, string runs, IReadOnlyList<string> written)
    {
        var g = r.Grid;
        var h = g.Hypothesis;
        var console = HuntDisplay.ConsoleFor(Console.Out);
        console.MarkupLine($"[bold]{Markup.Escape(h.Name)}[/] ({Markup.Escape(h.SpecPath)})");
        console.MarkupLine(Markup.Escape($"  {h.ClaimText}"));
        console.MarkupLine(Markup.Escape($"  x: {g.X.Parameter}{ScaleNote(g.X)}: {string.Join(", ", g.X.Values.Select(AtlasValueText.Of))}"));
        console.MarkupLine(Markup.Escape($"  y: {g.Y.Parameter}{ScaleNote(g.Y)}: {string.Join(", ", g.Y.Values.Select(AtlasValueText.Of))}"));
        if (g.Options.Side is { } side) console.MarkupLine(Markup.Escape($"  paired claim: the runs of side {side}"));
        console.MarkupLine(Markup.Escape(g.Held.Count == 0 ? "  held: nothing (the hypothesis varies only these two)"
            : $"  held: {string.Join(", ", g.Held.Select(p => $"{p.Name} = {AtlasValueText.Of(p.Value)} ({p.Why})"))}"));
        if (h.Fixed.Count > 0) console.MarkupLine(Markup.Escape($"  fixed: {string.Join(", ", h.Fixed.Select(kv => $"{kv.Key} = {kv.Value}"))}"));
        console.MarkupLine(Markup.Escape($"  seeds per cell: {r.Seeds.Count} ({string.Join(", ", r.Seeds)})"));

        var table = new Table().AddColumn(Markup.Escape($"{g.Y.Parameter} \\ {g.X.Parameter}"));
        foreach (var x in g.X.Values) table.AddColumn(Markup.Escape(AtlasValueText.Of(x)));
        var byPlace = r.Cells.ToDictionary(c => (c.Point.XIndex, c.Point.YIndex));
        for (int j = g.Y.Count - 1; j >= 0; j--)
        {
            var row = new List<string> { Markup.Escape(AtlasValueText.Of(g.Y.Values[j])) };
            for (int i = 0; i < g.X.Count; i++)
            {
                var c = byPlace[(i, j)];
                row.Add(c.Excluded ? "[dim]excluded[/]" : Markup.Escape($"{c.Majority} {c.MajorityCount}/{c.Runs.Count}"));
            }
            table.AddRow(row.ToArray());
        }
        console.Write(table);
        var counts = r.Cells.Where(c => !c.Excluded).GroupBy(c => c.Majority!).OrderByDescending(x => x.Count()).ThenBy(x => x.Key, StringComparer.Ordinal)
            .Select(x => $"{x.Key} {x.Count()}");
        int excluded = r.Cells.Count(c => c.Excluded);
        console.MarkupLine(Markup.Escape($"  cells by majority: {string.Join(", ", counts)}" + (excluded > 0 ? $"; {excluded} excluded by the assume" : "")));
        console.MarkupLine(Markup.Escape($"  {runs}"));
        console.MarkupLine(Markup.Escape($"  wrote {string.Join(", ", written)}"));
    }

    static string ScaleNote(AtlasAxis a) => a.Scale switch { AtlasScale.Log => " (log)", AtlasScale.Set => " (set)", _ => "" };
}
