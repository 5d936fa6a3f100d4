using System.Text.Json;
using System.Text.Json.Nodes;
using InterpLoop.Engine;
using InterpLoop.Hunt;
using InterpLoop.Hunt.Search;
using InterpLoop.Spec.Catalog;

namespace InterpLoop.Cli;

/// <summary>
/// A hunt's result as the one JSON object `hunt --json` prints per hypothesis. It is also what a parallel hunt's
/// worker processes send back, so the verdict table and the report are built from this one shape whichever way ran.
/// </summary>
internal static class HuntJson
{
    public static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonObject ToJson(HuntResult r, string? findingPath, int fromStore, string command)
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
            ["strategy"] = HuntStrategies.Text(r.Options.Strategy),
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
