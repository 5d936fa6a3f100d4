using System.Text;
using System.Text.Json;
using InterpLoop.Engine;

namespace InterpLoop.Hunt;

/// <summary>
/// The run store's record of a <see cref="RunResult"/>. Unlike the CLI's display JSON it keeps config values
/// as canonical text and metrics bit-exact (<see cref="MetricJson"/>), so a cache hit equals the original run.
/// </summary>
public static class RunResultJson
{
    public static string Serialize(RunResult r)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("scenario", r.Scenario);
            w.WriteNumber("seed", r.Seed);
            w.WriteString("outcome", r.Outcome);
            if (r.StopReason is null) w.WriteNull("stop_reason"); else w.WriteString("stop_reason", r.StopReason);
            w.WriteString("engine_version", r.EngineVersion);
            w.WriteStartObject("config");
            foreach (var (name, value) in r.Config) w.WriteString(name, value);
            w.WriteEndObject();
            w.WritePropertyName("metrics");
            MetricJson.WriteMetrics(w, r.Metrics);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Parses what <see cref="Serialize"/> wrote; throws <see cref="FormatException"/> for anything else.</summary>
    public static RunResult Deserialize(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var config = root.GetProperty("config").EnumerateObject()
                .Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString() ?? throw new FormatException($"config value of {p.Name} is null")))
                .ToList();
            var metrics = new Dictionary<string, double>();
            foreach (var m in root.GetProperty("metrics").EnumerateObject())
                metrics[m.Name] = MetricJson.TryRead(m.Value, out var x) ? x : throw new FormatException($"metric {m.Name} is not a number");
            var stop = root.GetProperty("stop_reason");
            return new RunResult(
                root.GetProperty("scenario").GetString()!,
                config,
                root.GetProperty("seed").GetInt64(),
                metrics,
                root.GetProperty("outcome").GetString()!,
                stop.ValueKind == JsonValueKind.Null ? null : stop.GetString(),
                root.GetProperty("engine_version").GetString()!);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"not a stored run result: {e.Message}", e);
        }
    }
}
