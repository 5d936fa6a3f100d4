using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using InterpLoop.Engine;
using InterpLoop.Hunt;
using InterpLoop.Hunt.Search;
using InterpLoop.Hunt.Slurm;
using InterpLoop.Spec;
using InterpLoop.Spec.Catalog;
using InterpLoop.Spec.Checking;
using Spectre.Console;

namespace InterpLoop.Cli;

/// <summary>
/// `interploop hunt`: searches each hypothesis of a spec for a counterexample (or witness), shrinks it,
/// re-runs it on fresh seeds and writes a finding. Runs go through the run store, so a hunt stopped at any point
/// and started again with the same arguments replays its finished runs and reaches the same result.
/// </summary>
internal static class HuntCommand
{
    public static Command Create()
    {
        var specs = new Argument<string[]>("specs") { Description = "Spec files (*.ilspec) or folders of them", Arity = ArgumentArity.OneOrMore };
        var command = new Command("hunt", "Search spec hypotheses for counterexamples; exit 1 when one is refuted.") { specs };
        var options = HuntArguments.AddTo(command);
        command.SetAction((parse, cancellation) => Task.FromResult(Execute(parse.GetValue(specs)!, options.Read(parse), statusMode: false, cancellation)));
        return command;
    }

    /// <param name="statusMode">
    /// The main job's exit code: 1 when a verdict contradicts a recorded status, rather than when a claim is refuted
    /// (a library whose refutations are recorded is in order).
    /// </param>
    public static int Execute(IReadOnlyList<string> specPaths, HuntArguments.Values a, bool statusMode, CancellationToken cancellation = default)
    {
        if (a.NoStore && a.Store is not null) return Usage("--store and --no-store exclude each other");
        if (a.Budget is <= 0) return Usage($"--budget must be a positive number of runs, got {a.Budget}");
        if (a.Jobs < 1) return Usage($"--jobs must be at least 1, got {a.Jobs}");
        if (a.Backend.Error is { } backendError) return Usage(backendError);
        if (a.Backend.Slurm is not null && a.NoStore) return Usage("--backend slurm needs a run store (each array job's shard stores are merged into it); drop --no-store");
        var (files, missing) = SpecPaths.Expand(specPaths);
        if (missing is not null) return Usage($"no such spec file or folder: {missing}");
        if (files.Count == 0) return Usage($"no *.ilspec files in {string.Join(", ", specPaths)}");

        var hypotheses = new List<Hypothesis>();
        int errors = 0;
        foreach (var file in files)
        {
            var spec = HuntableSpec.Load(file, findingsMustExist: false);
            if (spec.HasErrors)
            {
                CheckCommand.PrintDiagnostics(spec.Diagnostics, Console.Error);
                errors += spec.Diagnostics.Count(d => d.IsError);
            }
            hypotheses.AddRange(spec.Hypotheses);
        }
        if (errors > 0)
        {
            Console.Error.WriteLine($"error: {errors} spec error(s); fix them before hunting (interploop check {string.Join(" ", specPaths)})");
            return CommandLine.Failure;
        }
        if (a.Only is not null)
        {
            var names = hypotheses.Select(h => h.Name).ToList();
            hypotheses = hypotheses.Where(h => h.Name == a.Only).ToList();
            if (hypotheses.Count == 0)
            {
                var near = NameSuggester.Nearest(a.Only, names);
                return Usage($"{string.Join(", ", specPaths)} has no hypothesis '{a.Only}'" + (near is null ? "" : $" (did you mean '{near}'?)") + $"; it has: {string.Join(", ", names)}");
            }
        }

        RunStore? runStore = null;
        if (!a.NoStore)
        {
            try { runStore = RunStore.Open(a.Store); }
            catch (RunStoreException e) { Console.Error.WriteLine($"error: {e.Message}"); return CommandLine.Failure; }
        }
        // Workers open the store themselves; this process only checked that it opens, and names it.
        // The Slurm backend's parallelism is the array job's; its hypotheses are hunted one after another here.
        bool parallel = a.Jobs > 1 && hypotheses.Count > 1 && a.Backend.Slurm is null;
        string? storePath = runStore?.FilePath;
        if (parallel) { runStore?.Dispose(); runStore = null; }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var hunted = new List<HuntedHypothesis>();
        using (runStore)
        {
            if (parallel)
            {
                int failed = HuntInWorkers(hypotheses, a, storePath, hunted, cancellation);
                if (failed > 0) return CommandLine.Failure;
            }
            else
            {
                foreach (var h in hypotheses)
                {
                    var (exit, json) = HuntHere(h, a, runStore, cancellation);
                    if (json is null) return exit;
                    hunted.Add(new HuntedHypothesis(h, json));
                    if (a.Json) Console.WriteLine(json.ToJsonString(HuntJson.Compact));
                }
            }
        }

        if (!a.Json && hunted.Count > 1) HuntSummary.Print(hunted, clock.Elapsed, HuntDisplay.ConsoleFor(Console.Out));
        if (a.RecordStatus) RecordStatuses(hunted, a);
        if (a.Report is { } report)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(report))!);
            File.WriteAllText(report, HuntSummary.Markdown(hunted, Invocation(specPaths, a)));
            if (!a.Json) Console.WriteLine($"report: {report}");
        }
        bool failing = statusMode ? hunted.Any(h => h.ContradictsRecord) : hunted.Any(h => h.Verdict == "refuted");
        return failing ? CommandLine.Failure : CommandLine.Success;
    }

    /// <summary>Hunts one hypothesis in this process, prints it (unless --json), writes its finding; returns its JSON, or the exit code of a failure.</summary>
    static (int Exit, JsonObject? Json) HuntHere(Hypothesis h, HuntArguments.Values a, RunStore? runStore, CancellationToken cancellation)
    {
        var scenario = Scenarios.Find(h.Catalog.Name)!;
        var huntOptions = new HuntOptions
        {
            Strategy = a.Strategy, Budget = a.Budget ?? h.Budget ?? HuntOptions.DefaultBudget, Seed = a.Seed,
            Replay = a.NoReplay ? Array.Empty<IReadOnlyDictionary<string, ParameterValue>>() : RecordedConfigurations(h),
        };
        string command = CommandFor(h.SpecPath, h.Name, huntOptions, a.Store, a.NoReplay);
        int hitsBefore = runStore?.Hits ?? 0, warningsBefore = runStore?.Warnings.Count ?? 0;
        HuntResult result;
        SlurmRunBatches? slurm = null;
        try
        {
            string? slurmStatus = null;
            IProgress<HuntProgress>? display = null;
            HuntProgress? lastReport = null;
            RunBatchSource source = new LocalRunBatches(scenario, runStore, cancellation).Source;
            if (a.Backend.Slurm is { } slurmOptions)
            {
                // The array job's status joins the hunt's line: the last hunt report is drawn again with it.
                var coordinator = new SlurmCoordinator(new SlurmCommands(), slurmOptions, w => Console.Error.WriteLine($"warning: {w}"),
                    new SyncProgress<SlurmProgress>(p => { slurmStatus = p.ToString(); if (lastReport is not null) display?.Report(lastReport); }),
                    note: line => Console.Error.WriteLine(line));
                slurm = new SlurmRunBatches(scenario, runStore!, coordinator, cancellation);
                source = slurm.Source;
            }
            result = HuntDisplay.Run(h, huntOptions, progress =>
            {
                display = progress;
                return Hunter.Hunt(h, huntOptions, source, scenario as IOutcomeSlack,
                    new SyncProgress<HuntProgress>(p => { lastReport = p; slurmStatus = null; progress.Report(p); }), cancellation);
            }, () => slurmStatus);
        }
        catch (SlurmException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return (CommandLine.Failure, null);
        }
        catch (OperationCanceledException)
        {
            if (slurm is not null) Console.Error.WriteLine($"interrupted: the array job goes on; the same command picks it up (its plan and state are under {a.Backend.Slurm!.Folder})");
            Console.Error.WriteLine(runStore is null
                ? $"interrupted: {h.Name} was not finished, and with --no-store its runs are lost"
                : $"interrupted: the finished runs are in {runStore.FilePath}; the same command resumes {h.Name} where it stopped");
            return (Interrupted, null);
        }
        catch (Exception e) when (e is HuntException or RunStoreException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return (CommandLine.Failure, null);
        }
        int fromStore = slurm?.FromStore ?? (runStore?.Hits ?? 0) - hitsBefore;
        foreach (var warning in runStore?.Warnings.Skip(warningsBefore) ?? []) Console.Error.WriteLine($"warning: {warning}");

        string? findingPath = null;
        if (result.Verdict is HuntVerdict.Refuted or HuntVerdict.Witnessed)
        {
            var finding = HuntFindings.From(result, command);
            findingPath = HuntFindings.PathFor(a.Findings, finding).Replace('\\', '/');
            FindingFile.Write(findingPath, finding);
        }
        if (!a.Json) Print(result, findingPath, fromStore);
        return (CommandLine.Success, HuntJson.ToJson(result, findingPath, fromStore, command));
    }

    /// <summary>Hunts in <see cref="HuntArguments.Values.Jobs"/> worker processes; returns how many workers gave no result.</summary>
    static int HuntInWorkers(IReadOnlyList<Hypothesis> hypotheses, HuntArguments.Values a, string? storePath, List<HuntedHypothesis> hunted, CancellationToken cancellation)
    {
        var gate = new Lock();
        var latest = new Dictionary<string, string>();
        bool terminal = !Console.IsErrorRedirected && !a.Json;
        IReadOnlyList<string> Arguments(Hypothesis h)
        {
            var args = new List<string> { "hunt", h.SpecPath, "--hypothesis", h.Name, "--json", "--strategy", HuntStrategies.Text(a.Strategy),
                "--seed", a.Seed.ToString(CultureInfo.InvariantCulture), "--findings", a.Findings };
            if (a.Budget is int b) args.AddRange(new[] { "--budget", b.ToString(CultureInfo.InvariantCulture) });
            if (a.NoReplay) args.Add("--no-replay");
            // The user's own words, not the resolved path: the command a finding records must work from a clone elsewhere.
            if (storePath is null) args.Add("--no-store"); else if (a.Store is not null) args.AddRange(new[] { "--store", a.Store });
            return args;
        }
        var done = new List<ParallelHunt.WorkerResult>();
        void Finished(ParallelHunt.WorkerResult r)
        {
            lock (gate)
            {
                done.Add(r);
                latest.Remove(r.Hypothesis.Name);
                string what = r.Json is { } j ? $"{(string)j["verdict"]!} after {(int)j["runs"]!} runs" : $"failed: {r.Error}";
                if (!terminal) Console.Error.WriteLine($"[{done.Count}/{hypotheses.Count}] {r.Hypothesis.Name}: {what}");
                if (a.Json && r.Json is { } json) Console.WriteLine(json.ToJsonString(HuntJson.Compact));
            }
        }
        Console.Error.WriteLine($"hunting {hypotheses.Count} hypotheses in {Math.Min(a.Jobs, hypotheses.Count)} worker processes");
        if (terminal)
        {
            HuntDisplay.ConsoleFor(Console.Error).Status().Spinner(Spectre.Console.Spinner.Known.Dots).Start("starting", ctx =>
            {
                ParallelHunt.Run(hypotheses, a.Jobs, Arguments, (h, line) =>
                {
                    lock (gate)
                    {
                        latest[h.Name] = line;
                        ctx.Status(Markup.Escape($"{done.Count}/{hypotheses.Count} done · " + string.Join(" | ", latest.Values)));
                    }
                }, Finished, cancellation);
            });
        }
        else ParallelHunt.Run(hypotheses, a.Jobs, Arguments, (h, line) => { lock (gate) Console.Error.WriteLine(line); }, Finished, cancellation);

        // In the spec's order, whatever order the workers finished in.
        foreach (var h in hypotheses)
            if (done.FirstOrDefault(r => r.Hypothesis == h) is { Json: { } json }) hunted.Add(new HuntedHypothesis(h, json));
        var failed = done.Where(r => r.Json is null).ToList();
        foreach (var f in failed) Console.Error.WriteLine($"error: hunting {f.Hypothesis.Name} failed (exit {f.ExitCode}): {f.Error}");
        if (cancellation.IsCancellationRequested)
            Console.Error.WriteLine(storePath is null ? "interrupted: with --no-store the unfinished hunts' runs are lost"
                : $"interrupted: the finished runs are in {storePath}; the same command resumes where it stopped");
        if (!a.Json)
            foreach (var h in hunted) PrintBrief(h);
        return failed.Count + (cancellation.IsCancellationRequested ? 1 : 0);
    }

    /// <summary>--record-status: each verdict that supports a status other than the recorded one is written into its spec file.</summary>
    static void RecordStatuses(IReadOnlyList<HuntedHypothesis> hunted, HuntArguments.Values a)
    {
        var options = new SpecCheckOptions(Scenarios.All.Select(s => s.Catalog).ToList(), _ => true);
        foreach (var h in hunted)
        {
            if (h.SupportedStatus is not { } status || status == h.RecordedStatus) continue;
            var path = h.Hypothesis.SpecPath;
            var text = File.ReadAllText(path);
            var syntax = SpecAnalysis.Analyze(path, text, options).File.Hypotheses.First(s => s.Name == h.Hypothesis.Name);
            File.WriteAllText(path, StatusRecorder.Record(text, syntax, status, h.Budget));
            (a.Json ? Console.Error : Console.Out).WriteLine($"recorded: {path}: {h.Hypothesis.Name}: status {h.RecordedStatus} -> status {status}");
        }
    }

    static void PrintBrief(HuntedHypothesis h)
    {
        Console.WriteLine($"{h.Hypothesis.Name} ({h.Hypothesis.SpecPath}): {h.Verdict}" + (h.Example is { } e ? $": {e}, reproduced {h.Reproduction}" : "")
            + (h.Finding is { } f ? $"; finding {f}" : ""));
    }

    static string Invocation(IReadOnlyList<string> specs, HuntArguments.Values a) =>
        "interploop hunt " + string.Join(" ", specs) + (a.Only is { } o ? $" --hypothesis {o}" : "") + (a.Budget is int b ? $" --budget {b}" : "")
        + $" --strategy {(HuntStrategies.Text(a.Strategy))} --seed {a.Seed}";

    /// <summary>The shell's convention for a process stopped by SIGINT (128 + 2).</summary>
    const int Interrupted = 130;

    static int Usage(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return CommandLine.UsageError;
    }

    /// <summary>The configuration of the finding the hypothesis' status names, when it is this hypothesis' and readable.</summary>
    static IReadOnlyList<IReadOnlyDictionary<string, ParameterValue>> RecordedConfigurations(Hypothesis h)
    {
        if (h.Status is not { NamesFinding: true } status || FindingPaths.Resolve(h.SpecPath, status.Finding) is not { } path) return Array.Empty<IReadOnlyDictionary<string, ParameterValue>>();
        return FindingFile.Read(path).Finding is { } finding && finding.Hypothesis == h.Name
            ? new[] { finding.Config }
            : Array.Empty<IReadOnlyDictionary<string, ParameterValue>>();
    }

    static string CommandFor(string spec, string name, HuntOptions o, string? store, bool noReplay) =>
        $"interploop hunt {spec.Replace('\\', '/')} --hypothesis {name} --strategy {HuntStrategies.Text(o.Strategy)} --budget {o.Budget} --seed {o.Seed}"
        + (store is null ? "" : $" --store {store}") + (noReplay ? " --no-replay" : "");

    static string F(double x) => double.IsNaN(x) ? "n/a" : x.ToString("0.###", CultureInfo.InvariantCulture);

    public static void Print(HuntResult r, string? findingPath, int fromStore)
    {
        var h = r.Hypothesis;
        var console = HuntDisplay.ConsoleFor(Console.Out);
        console.MarkupLine($"[bold]{Markup.Escape(h.Name)}[/] ({Markup.Escape(h.SpecPath)})");
        console.MarkupLine($"  {Markup.Escape(h.ClaimText)}");
        string verdict = HuntVerdicts.Text(r.Verdict);
        string colour = r.Verdict switch { HuntVerdict.Refuted => "red", HuntVerdict.Witnessed => "green", HuntVerdict.Fragile => "yellow", _ => "blue" };
        string what = h.IsSometimes ? "witness" : "counterexample";
        console.MarkupLine($"  verdict: [{colour} bold]{verdict}[/]" + (r.Reproduction is { } rate
            ? Markup.Escape($": the shrunk {what} {(h.IsSometimes ? "holds" : "fails")} on {rate} fresh seeds" + (r.Verdict == HuntVerdict.Fragile ? $", below the {r.Options.FragileBelow:P0} a finding needs" : ""))
            : Markup.Escape($": none in {r.Configurations} configuration(s); this is evidence within the budget, not a proof")));
        if (r.Original is { } original && r.Shrunk is { } shrunk)
        {
            var table = new Table().AddColumn("parameter").AddColumn(r.FromRecord ? "recorded" : "original").AddColumn("shrunk");
            var o = r.Space.Varied(original.Point);
            var s = r.Space.Varied(shrunk.Point);
            for (int i = 0; i < o.Count; i++)
            {
                var axis = r.Space.Axes[i];
                string simplest = s[i].Value == axis.ValueAt(0) ? " (simplest)" : "";
                table.AddRow(o[i].Key, o[i].Value.ToString(), s[i].Value + simplest);
            }
            table.AddRow("[dim]outcomes (seeds)[/]", Markup.Escape(Outcomes(original.Trials)), Markup.Escape(Outcomes(shrunk.Trials)));
            console.Write(table);
            console.MarkupLine(Markup.Escape($"  fresh seeds: {Outcomes(r.Fresh)}"));
        }
        string first = r.RunsToFirstHit is int k ? $", {k} to the first {what}{(r.FromRecord ? " (the recorded finding)" : "")}, {r.ShrinkSteps} shrink step(s)" : "";
        console.MarkupLine(Markup.Escape($"  runs: {r.Runs} of {r.Options.Budget}{first}; {r.Configurations} configuration(s); {fromStore} from the run store"));
        if (findingPath is not null) console.MarkupLine(Markup.Escape($"  finding: {findingPath} (replay: {FindingFile.ReplayCommandFor(findingPath)})"));
    }

    static string Outcomes(IEnumerable<Trial> trials) =>
        string.Join(", ", trials.Select(t => $"{t.Seed}: {t.A.Outcome}" + (t.B is null ? "" : $" vs {t.B.Outcome}") + (t.ClaimHolds ? "" : " ✗")));

}
