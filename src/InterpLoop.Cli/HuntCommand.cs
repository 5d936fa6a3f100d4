using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using InterpLoop.Engine;
using InterpLoop.Hunt;
using InterpLoop.Hunt.Search;
using InterpLoop.Spec;
using InterpLoop.Spec.Catalog;
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
        var spec = new Argument<string>("spec") { Description = "A spec file (*.ilspec)" };
        var hypothesis = new Option<string?>("--hypothesis") { Description = "Hunt only this hypothesis (default: every hypothesis in the file)" };
        var budget = new Option<int?>("--budget") { Description = $"Training runs per hypothesis, shrinking and reproduction included (default: the spec's budget, else {HuntOptions.DefaultBudget})" };
        var strategy = new Option<string>("--strategy") { Description = "random (FsCheck samples) or targeted (margin-steered simulated annealing)", DefaultValueFactory = _ => "targeted" };
        strategy.AcceptOnlyFromAmong("random", "targeted");
        var seed = new Option<ulong>("--seed") { Description = "Seed of the search (training seeds are 0 .. trials-1, then fresh ones)", DefaultValueFactory = _ => 0 };
        var store = new Option<string?>("--store") { Description = $"Run store file; default {RunStore.DefaultPath} under the current folder" };
        var noStore = new Option<bool>("--no-store") { Description = "Train every run afresh, neither reading nor writing the run store (an interrupted hunt then starts over)" };
        var findings = new Option<string>("--findings") { Description = "Folder to write findings to", DefaultValueFactory = _ => "findings" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per hypothesis (one per line) and nothing else on stdout" };
        var command = new Command("hunt", "Search a spec's hypotheses for counterexamples; exit 1 when one is refuted.")
            { spec, hypothesis, budget, strategy, seed, store, noStore, findings, json };
        // The token form, so a cancelled invocation stops the hunt between (or inside) runs and says how to resume;
        // the work still runs on the invoking thread (see the Scalar note in tests/README.md). Ctrl-C today ends the
        // process outright (System.CommandLine's handler did not fire here); the store keeps every finished run.
        command.SetAction((parse, cancellation) => Task.FromResult(Execute(parse.GetValue(spec)!, parse.GetValue(hypothesis), parse.GetValue(budget),
            parse.GetValue(strategy) == "random" ? HuntStrategy.Random : HuntStrategy.Targeted, parse.GetValue(seed),
            parse.GetValue(store), parse.GetValue(noStore), parse.GetValue(findings)!, parse.GetValue(json), cancellation)));
        return command;
    }

    static int Execute(string specPath, string? only, int? budget, HuntStrategy strategy, ulong seed, string? storePath, bool noStore,
        string findingsFolder, bool json, CancellationToken cancellation = default)
    {
        if (noStore && storePath is not null) return Usage("--store and --no-store exclude each other");
        if (budget is <= 0) return Usage($"--budget must be a positive number of runs, got {budget}");
        if (!File.Exists(specPath)) return Usage($"no such spec file: {specPath}");

        var spec = HuntableSpec.Load(specPath, findingsMustExist: false);
        if (spec.HasErrors)
        {
            CheckCommand.PrintDiagnostics(spec.Diagnostics, Console.Error);
            Console.Error.WriteLine($"error: {specPath} has {spec.Diagnostics.Count(d => d.IsError)} error(s); fix them before hunting (interploop check {specPath})");
            return CommandLine.Failure;
        }
        var hypotheses = spec.Hypotheses;
        if (only is not null)
        {
            hypotheses = hypotheses.Where(h => h.Name == only).ToList();
            if (hypotheses.Count == 0)
            {
                var names = spec.File.Hypotheses.Select(h => h.Name).ToList();
                var near = NameSuggester.Nearest(only, names);
                return Usage($"{specPath} has no hypothesis '{only}'" + (near is null ? "" : $" (did you mean '{near}'?)") + $"; it has: {string.Join(", ", names)}");
            }
        }

        RunStore? runStore = null;
        if (!noStore)
        {
            try { runStore = RunStore.Open(storePath); }
            catch (RunStoreException e) { Console.Error.WriteLine($"error: {e.Message}"); return CommandLine.Failure; }
        }
        using (runStore)
        {
            bool refuted = false;
            foreach (var h in hypotheses)
            {
                var scenario = Scenarios.Find(h.Catalog.Name)!;
                var huntOptions = new HuntOptions { Strategy = strategy, Budget = budget ?? h.Budget ?? HuntOptions.DefaultBudget, Seed = seed };
                string command = CommandFor(specPath, h.Name, huntOptions, storePath);
                int hitsBefore = runStore?.Hits ?? 0, warningsBefore = runStore?.Warnings.Count ?? 0;
                HuntResult result;
                try
                {
                    result = HuntDisplay.Run(h, huntOptions, (progress) => Hunter.Hunt(h, huntOptions,
                        (assignments, s) => runStore is null ? scenario.Run(assignments, s, null, cancellation) : runStore.GetOrRun(scenario, assignments, s, null, cancellation),
                        scenario as IOutcomeSlack, progress, cancellation));
                }
                catch (OperationCanceledException)
                {
                    Console.Error.WriteLine(runStore is null
                        ? $"interrupted: {h.Name} was not finished, and with --no-store its runs are lost"
                        : $"interrupted: the finished runs are in {runStore.FilePath}; the same command resumes {h.Name} where it stopped");
                    return Interrupted;
                }
                catch (HuntException e)
                {
                    Console.Error.WriteLine($"error: {e.Message}");
                    return CommandLine.Failure;
                }
                catch (RunStoreException e)
                {
                    Console.Error.WriteLine($"error: {e.Message}");
                    return CommandLine.Failure;
                }
                int fromStore = (runStore?.Hits ?? 0) - hitsBefore;
                foreach (var warning in runStore?.Warnings.Skip(warningsBefore) ?? []) Console.Error.WriteLine($"warning: {warning}");

                string? findingPath = null;
                if (result.Verdict is HuntVerdict.Refuted or HuntVerdict.Witnessed)
                {
                    var finding = HuntFindings.From(result, command);
                    findingPath = HuntFindings.PathFor(findingsFolder, finding).Replace('\\', '/');
                    FindingFile.Write(findingPath, finding);
                }
                refuted |= result.Verdict == HuntVerdict.Refuted;
                if (json) Console.WriteLine(ToJson(result, findingPath, fromStore, command).ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
                else Print(result, findingPath, fromStore);
            }
            return refuted ? CommandLine.Failure : CommandLine.Success;
        }
    }

    /// <summary>The shell's convention for a process stopped by SIGINT (128 + 2).</summary>
    const int Interrupted = 130;

    static int Usage(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return CommandLine.UsageError;
    }

    static string CommandFor(string spec, string name, HuntOptions o, string? store) =>
        $"interploop hunt {spec.Replace('\\', '/')} --hypothesis {name} --strategy {(o.Strategy == HuntStrategy.Random ? "random" : "targeted")} --budget {o.Budget} --seed {o.Seed}"
        + (store is null ? "" : $" --store {store}");

    static string F(double x) => double.IsNaN(x) ? "n/a" : x.ToString("0.###", CultureInfo.InvariantCulture);

    static void Print(HuntResult r, string? findingPath, int fromStore)
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
            var table = new Table().AddColumn("parameter").AddColumn("original").AddColumn("shrunk");
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
        string first = r.RunsToFirstHit is int k ? $", {k} to the first {what}, {r.ShrinkSteps} shrink step(s)" : "";
        console.MarkupLine(Markup.Escape($"  runs: {r.Runs} of {r.Options.Budget}{first}; {r.Configurations} configuration(s); {fromStore} from the run store"));
        if (findingPath is not null) console.MarkupLine(Markup.Escape($"  finding: {findingPath} (replay: {FindingFile.ReplayCommandFor(findingPath)})"));
    }

    static string Outcomes(IEnumerable<Trial> trials) =>
        string.Join(", ", trials.Select(t => $"{t.Seed}: {t.A.Outcome}" + (t.B is null ? "" : $" vs {t.B.Outcome}") + (t.ClaimHolds ? "" : " ✗")));

    static JsonObject ToJson(HuntResult r, string? findingPath, int fromStore, string command)
    {
        var h = r.Hypothesis;
        JsonNode? counterexample = null;
        if (r.Shrunk is { } shrunk)
        {
            var shown = shrunk.Trials.FirstOrDefault(t => t.IsGoalOf(h)) ?? shrunk.Trials[0];
            var rate = r.Reproduction!;
            counterexample = new JsonObject
            {
                ["config"] = Assignments(r.Space.Assignments(shrunk.Point)),
                ["varied"] = Assignments(r.Space.Varied(shrunk.Point)),
                ["original_varied"] = Assignments(r.Space.Varied(r.Original!.Point)),
                ["seed"] = shown.Seed,
                ["seeds"] = new JsonArray(shrunk.Trials.Select(t => (JsonNode)JsonValue.Create(t.Seed)).ToArray()),
                ["outcome"] = shown.A.Outcome,
                ["metrics"] = ResultJson.Metrics(shown.A.Metrics),
                ["outcome_b"] = shown.B?.Outcome,
                ["metrics_b"] = shown.B is null ? null : ResultJson.Metrics(shown.B.Metrics),
                ["reproduction_rate"] = rate.Rate,
                ["reproduction"] = new JsonObject
                {
                    ["reproduced"] = rate.Reproduced, ["trials"] = rate.Trials,
                    ["wilson95_low"] = rate.Wilson95.Low, ["wilson95_high"] = rate.Wilson95.High,
                    ["fragile_below"] = r.Options.FragileBelow,
                },
            };
        }
        return new JsonObject
        {
            ["hypothesis"] = h.Name,
            ["spec"] = h.SpecPath.Replace('\\', '/'),
            ["claim"] = h.ClaimText,
            ["verdict"] = HuntVerdicts.Text(r.Verdict),
            ["strategy"] = r.Options.Strategy == HuntStrategy.Random ? "random" : "targeted",
            ["seed"] = r.Options.Seed,
            ["budget"] = r.Options.Budget,
            ["runs"] = r.Runs,
            ["runs_from_store"] = fromStore,
            ["runs_to_first_hit"] = r.RunsToFirstHit,
            ["configurations"] = r.Configurations,
            ["shrink_steps"] = r.ShrinkSteps,
            ["engine_version"] = EngineVersion.Current,
            ["counterexample"] = counterexample,
            ["finding"] = findingPath,
            ["command"] = command,
        };
    }

    static JsonObject Assignments(IEnumerable<KeyValuePair<string, ParameterValue>> values)
    {
        var o = new JsonObject();
        foreach (var (k, v) in values) o[k] = v.IsSymbol ? JsonValue.Create(v.Symbol) : JsonValue.Create(v.Number);
        return o;
    }
}
