using System.Text.Json;
using System.Text.Json.Nodes;
using InterpLoop.Engine;

namespace InterpLoop.Cli;

/// <summary>The machine-readable form of a run: outcome, metrics (NaN as null), config, seed, stop reason, engine version.</summary>
public static class ResultJson
{
    public static JsonObject ToJson(RunResult r)
    {
        var metrics = Metrics(r.Metrics);
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

    /// <summary>Metrics by name in ordinal order; NaN and infinities (undefined here) as null.</summary>
    public static JsonObject Metrics(IReadOnlyDictionary<string, double> values)
    {
        var metrics = new JsonObject();
        foreach (var (name, value) in values.OrderBy(m => m.Key, StringComparer.Ordinal))
            metrics[name] = double.IsFinite(value) ? JsonValue.Create(value) : null;
        return metrics;
    }

    public static string Serialize(RunResult r) => ToJson(r).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
