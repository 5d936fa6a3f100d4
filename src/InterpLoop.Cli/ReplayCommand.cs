using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using InterpLoop.Hunt;

namespace InterpLoop.Cli;

/// <summary>
/// `interploop replay`: re-runs findings and reports whether each still reproduces. A bad finding file is
/// reported and skipped, never fatal, so one damaged file cannot hide a regression in the others.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("findings") { Description = "Finding files (findings/*.json) or folders of them", Arity = ArgumentArity.OneOrMore };
        var store = new Option<string?>("--store") { Description = $"Run store file; default {RunStore.DefaultPath} under the current folder" };
        var noStore = new Option<bool>("--no-store") { Description = "Train every seed afresh, neither reading nor writing the run store" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (every finding, every seed, what changed) and nothing else on stdout" };
        var command = new Command("replay", "Re-run findings on their seeds; exit 0 when every one still reproduces, 1 when one changed or is malformed.")
            { paths, store, noStore, json };
        command.SetAction(parse => Execute(parse.GetValue(paths) ?? Array.Empty<string>(), parse.GetValue(store), parse.GetValue(noStore), parse.GetValue(json)));
        return command;
    }

    sealed record Report(string Path, FindingReadResult? Read, IReadOnlyList<SeedReplay> Seeds, int FromStore, IReadOnlyList<string> Errors)
    {
        public string Status => Errors.Count > 0 ? "invalid" : Seeds.All(s => s.Reproduces) ? "reproduces" : "changed";
    }

    static int Execute(string[] paths, string? storePath, bool noStore, bool json)
    {
        if (noStore && storePath is not null)
        {
            Console.Error.WriteLine("error: --store and --no-store exclude each other");
            return CommandLine.UsageError;
        }

        RunStore? store = null;
        if (!noStore)
        {
            try { store = RunStore.Open(storePath); }
            catch (RunStoreException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return CommandLine.Failure;
            }
        }

        using (store)
        {
            var reports = Expand(paths).Select(path => Replay(path, store)).ToList();
            if (json) Console.WriteLine(ToJson(reports).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            else Print(reports);
            return reports.All(r => r.Status == "reproduces") ? CommandLine.Success : CommandLine.Failure;
        }
    }

    /// <summary>Folders stand for the *.json files in them, so `interploop replay findings/` replays the lot.</summary>
    static IEnumerable<string> Expand(IEnumerable<string> paths) =>
        paths.SelectMany<string, string>(p => Directory.Exists(p)
            ? Directory.EnumerateFiles(p, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            : new[] { p });

    static Report Replay(string path, RunStore? store)
    {
        var read = FindingFile.Read(path);
        if (!read.Ok)
        {
            foreach (var e in read.Errors) Console.Error.WriteLine($"error: {e}");
            return new Report(path, read, Array.Empty<SeedReplay>(), 0, read.Errors);
        }
        var finding = read.Finding!;
        var scenario = Scenarios.Find(finding.Scenario)!;
        var seeds = new List<SeedReplay>();
        int fromStore = 0;
        try
        {
            foreach (var run in finding.Runs)
            {
                int hitsBefore = store?.Hits ?? 0;
                seeds.Add(FindingReplay.ReplaySeed(finding, run, config => Output.WithProgress($"{Path.GetFileName(path)} seed {run.Seed}", progress =>
                    store is null ? scenario.Run(config, run.Seed, progress) : store.GetOrRun(scenario, config, run.Seed, progress))));
                if (store is not null && store.Hits > hitsBefore) fromStore++;
            }
        }
        catch (RunStoreException e)
        {
            Console.Error.WriteLine($"error: {path}: {e.Message}");
            return new Report(path, read, seeds, fromStore, new[] { $"{path}: {e.Message}" });
        }
        return new Report(path, read, seeds, fromStore, Array.Empty<string>());
    }

    static void Print(IReadOnlyList<Report> reports)
    {
        foreach (var r in reports)
        {
            if (r.Status == "invalid") { Console.WriteLine($"{r.Path}: invalid (see the errors above)"); continue; }
            var f = r.Read!.Finding!;
            string cached = r.FromStore == 0 ? "" : $", {r.FromStore} from the run store";
            string header = $"{f.Hypothesis}, {FindingFile.VerdictText(f.Verdict)}, {r.Seeds.Count} seed(s){cached}";
            if (r.Status == "reproduces")
            {
                Console.WriteLine($"{r.Path}: reproduces ({header}; outcomes {string.Join(", ", r.Seeds.Select(s => $"seed {s.Seed} {s.Result.Outcome}"))})");
            }
            else
            {
                Console.WriteLine($"{r.Path}: CHANGED ({header}); recorded vs now:");
                foreach (var s in r.Seeds.Where(s => !s.Reproduces))
                    foreach (var c in s.Changes) Console.WriteLine($"    seed {s.Seed}: {c.What}: {c.Recorded} -> {c.Now}");
            }
            if (f.EngineVersion != Engine.EngineVersion.Current)
                Console.WriteLine($"    note: recorded with engine {f.EngineVersion}, replayed with {Engine.EngineVersion.Current}");
        }
        int ok = reports.Count(r => r.Status == "reproduces"), changed = reports.Count(r => r.Status == "changed"), invalid = reports.Count(r => r.Status == "invalid");
        Console.WriteLine($"{reports.Count} finding(s): {ok} reproduce, {changed} changed, {invalid} invalid");
    }

    static JsonObject ToJson(IReadOnlyList<Report> reports) => new()
    {
        ["engine_version"] = Engine.EngineVersion.Current,
        ["tolerance"] = $"metrics equal within {MetricTolerance.Relative:R} relative (absolute below 1); outcomes equal",
        ["reproduced"] = reports.Count(r => r.Status == "reproduces"),
        ["changed"] = reports.Count(r => r.Status == "changed"),
        ["invalid"] = reports.Count(r => r.Status == "invalid"),
        ["findings"] = new JsonArray(reports.Select(r => (JsonNode)new JsonObject
        {
            ["file"] = r.Path,
            ["status"] = r.Status,
            ["errors"] = new JsonArray(r.Errors.Select(e => (JsonNode)JsonValue.Create(e)!).ToArray()),
            ["hypothesis"] = r.Read?.Finding?.Hypothesis,
            ["verdict"] = r.Read?.Finding is { } f ? FindingFile.VerdictText(f.Verdict) : null,
            ["recorded_engine_version"] = r.Read?.Finding?.EngineVersion,
            ["seeds"] = new JsonArray(r.Seeds.Select(s => (JsonNode)new JsonObject
            {
                ["seed"] = s.Seed,
                ["reproduces"] = s.Reproduces,
                ["recorded_outcome"] = s.RecordedOutcome,
                ["outcome"] = s.Result.Outcome,
                ["changes"] = new JsonArray(s.Changes.Select(c => (JsonNode)new JsonObject
                {
                    ["what"] = c.What, ["recorded"] = c.Recorded, ["now"] = c.Now,
                }).ToArray()),
            }).ToArray()),
        }).ToArray()),
    };
}
