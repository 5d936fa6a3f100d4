using System.Text.Json;
using System.Text.Json.Nodes;
using InterpLoop.Engine;

namespace InterpLoop.Cli;

/// <summary>The machine-readable form of a run: outcome, metrics (NaN as null), config, seed, stop reason, engine version.</summary>
public static class ResultJson
{
    public static JsonObject ToJson(RunResult r)
    {
        var metrics = new JsonObject();
        foreach (var (name, value) in r.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
            metrics[name] = double.IsFinite(value) ? JsonValue.Create(value) : null;
        var config = new JsonObject();
        foreach (var (name, value) in r.Config)
            config[name] = double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var x)
                ? JsonValue.Create(x) : JsonValue.Create(value);
        return new JsonObject
        {
            ["scenario"] = r.Scenario,
            ["seed"] = r.Seed,
            ["outcome"] = r.Outcome,
            ["stop_reason"] = r.StopReason,
            ["metrics"] = metrics,
            ["config"] = config,
            ["engine_version"] = r.EngineVersion,
        };
    }

    public static string Serialize(RunResult r) => ToJson(r).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
