using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using InterpLoop.Engine;
using InterpLoop.Spec.Catalog;

namespace InterpLoop.Hunt;

/// <summary>
/// A finding as a JSON file (format <see cref="Format"/>). Writing is atomic (a temporary file renamed over
/// the target). Reading never throws for a bad file: it returns every problem, each naming the file and
/// the field, because a user replays many findings at once and one bad file must not hide the rest.
/// </summary>
public static class FindingFile
{
    public const string Format = "interploop.finding/1";

    /// <summary>The command that replays the finding at <paramref name="path"/>, with the path as the user wrote it.</summary>
    public static string ReplayCommandFor(string path) => $"interploop replay {path.Replace('\\', '/')}";

    /// <summary>Writes the finding to <paramref name="path"/>; returns it with its replay command set for that path.</summary>
    public static Finding Write(string path, Finding finding)
    {
        finding = finding with { ReplayCommand = ReplayCommandFor(path) };
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        File.WriteAllText(temporary, Serialize(finding), new UTF8Encoding(false));
        File.Move(temporary, full, overwrite: true);
        return finding;
    }

    public static string Serialize(Finding f)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteString("hypothesis", f.Hypothesis);
            w.WriteString("spec", f.SpecFile.Replace('\\', '/'));
            w.WriteString("claim", f.Claim);
            w.WriteString("verdict", VerdictText(f.Verdict));
            w.WriteString("scenario", f.Scenario);
            WriteAssignments(w, "config", f.Scenario, f.Config);
            if (f.Pairing is not null)
            {
                w.WriteStartObject("pairing");
                WriteAssignments(w, "A", f.Scenario, f.Pairing.A);
                WriteAssignments(w, "B", f.Scenario, f.Pairing.B);
                w.WriteEndObject();
            }
            w.WriteStartArray("seeds");
            foreach (var seed in f.Seeds) w.WriteNumberValue(seed);
            w.WriteEndArray();
            var reproduction = f.Reproduction;
            w.WriteStartObject("reproduction");
            w.WriteNumber("reproduced", reproduction.Reproduced);
            w.WriteNumber("trials", reproduction.Trials);
            w.WritePropertyName("rate");
            MetricJson.Write(w, reproduction.Rate);
            w.WriteStartObject("wilson95");
            w.WritePropertyName("low");
            MetricJson.Write(w, reproduction.Wilson95.Low);
            w.WritePropertyName("high");
            MetricJson.Write(w, reproduction.Wilson95.High);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartArray("runs");
            foreach (var run in f.Runs) WriteRun(w, run, arm: false);
            w.WriteEndArray();
            w.WriteString("engine_version", f.EngineVersion);
            w.WriteString("created_by", f.CreatedBy);
            w.WriteString("replay", f.ReplayCommand);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    static void WriteAssignments(Utf8JsonWriter w, string property, string scenario, IReadOnlyDictionary<string, ParameterValue> assignments)
    {
        w.WriteStartObject(property);
        foreach (var (name, value) in InCatalogOrder(scenario, assignments))
        {
            w.WritePropertyName(name);
            if (value.IsSymbol) w.WriteStringValue(value.Symbol);
            else MetricJson.Write(w, value.Number);
        }
        w.WriteEndObject();
    }

    static void WriteRun(Utf8JsonWriter w, FindingRun run, bool arm)
    {
        w.WriteStartObject();
        if (!arm)
        {
            w.WriteNumber("seed", run.Seed);
            w.WriteString("role", run.Fresh ? "fresh" : "search");
        }
        w.WriteString("outcome", run.Outcome);
        if (!arm) w.WriteBoolean("reproduces", run.Reproduces);
        if (run.StopReason is null) w.WriteNull("stop_reason"); else w.WriteString("stop_reason", run.StopReason);
        w.WritePropertyName("metrics");
        MetricJson.WriteMetrics(w, run.Metrics);
        if (run.B is not null)
        {
            w.WritePropertyName("b");
            WriteRun(w, run.B, arm: true);
        }
        w.WriteEndObject();
    }

    public static FindingReadResult Read(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var problem = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : $"cannot be read: {e.Message}";
            return new FindingReadResult(path, null, new[] { $"{path}: {problem}" });
        }
        return Parse(path, text);
    }

    /// <summary>Parses finding text; <paramref name="path"/> only names the file in errors.</summary>
    public static FindingReadResult Parse(string path, string text)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(text); }
        catch (JsonException e)
        {
            string where = e.LineNumber is long line ? $" at line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1}" : "";
            string truncated = text.TrimEnd().Length == 0 ? "the file is empty"
                : LooksTruncated(e) ? "the JSON ends early (truncated file?)" : "not valid JSON";
            return new FindingReadResult(path, null, new[] { $"{path}{where}: {truncated}: {StripPosition(e.Message)}" });
        }
        using (doc)
        {
            var reader = new Reader(path);
            var finding = reader.Finding(doc.RootElement);
            return new FindingReadResult(path, reader.Errors.Count == 0 ? finding : null, reader.Errors);
        }
    }

    public static string VerdictText(FindingVerdict v) => v == FindingVerdict.Witness ? "witness" : "counterexample";

    static IEnumerable<KeyValuePair<string, ParameterValue>> InCatalogOrder(string scenario, IReadOnlyDictionary<string, ParameterValue> config)
    {
        var catalog = Scenarios.Find(scenario)?.Catalog;
        if (catalog is null) return config.OrderBy(kv => kv.Key, StringComparer.Ordinal);
        var order = catalog.Parameters.Select((p, i) => (p.Name, i)).ToDictionary(x => x.Name, x => x.i);
        return config.OrderBy(kv => order.GetValueOrDefault(kv.Key, int.MaxValue)).ThenBy(kv => kv.Key, StringComparer.Ordinal);
    }

    static bool LooksTruncated(JsonException e) =>
        e.Message.Contains("end of data", StringComparison.OrdinalIgnoreCase) ||
        e.Message.Contains("open JSON object or array", StringComparison.OrdinalIgnoreCase) ||
        e.Message.Contains("is missing", StringComparison.OrdinalIgnoreCase);

    /// <summary>System.Text.Json appends its own "LineNumber: … | BytePositionInLine: …" (0-based); we print 1-based ones.</summary>
    static string StripPosition(string message)
    {
        int i = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (i < 0) i = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (i < 0 ? message : message[..i]).TrimEnd();
    }

    /// <summary>Walks the document once, collecting every problem rather than stopping at the first.</summary>
    sealed class Reader(string path)
    {
        public List<string> Errors { get; } = new();

        void Error(string field, string problem) => Errors.Add($"{path}: {(field.Length == 0 ? "" : $"field '{field}' ")}{problem}");

        public Finding? Finding(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object) { Error("", $"must hold one JSON object, found {Kind(root)}"); return null; }
            var format = String(root, "format");
            if (format is not null && format != Format) Error("format", $"is '{format}'; this InterpLoop reads '{Format}'");
            var hypothesis = String(root, "hypothesis");
            var spec = String(root, "spec");
            var claim = String(root, "claim");
            var verdictText = String(root, "verdict");
            FindingVerdict? verdict = verdictText switch
            {
                null => null,
                "counterexample" => FindingVerdict.Counterexample,
                "witness" => FindingVerdict.Witness,
                _ => null,
            };
            if (verdictText is not null && verdict is null) Error("verdict", $"is '{verdictText}'; expected counterexample or witness");
            var scenarioName = String(root, "scenario");
            IScenario? scenario = null;
            if (scenarioName is not null)
            {
                scenario = Scenarios.Find(scenarioName);
                if (scenario is null) Error("scenario", $"names unknown scenario '{scenarioName}'; known: {string.Join(", ", Scenarios.All.Select(s => s.Catalog.Name))}");
            }
            var config = scenario is null ? null : Config(root, "config", scenario.Catalog);
            FindingPairing? pairing = null;
            if (scenario is not null && root.TryGetProperty("pairing", out var pair))
            {
                if (pair.ValueKind != JsonValueKind.Object) Error("pairing", $"must be an object with A and B assignments, found {Kind(pair)}");
                else
                {
                    var a = Config(pair, "A", scenario.Catalog, "pairing.A");
                    var b = Config(pair, "B", scenario.Catalog, "pairing.B");
                    if (a is not null && b is not null) pairing = new FindingPairing(a, b);
                }
            }
            var seeds = Seeds(root);
            var runs = Runs(root);
            var engine = String(root, "engine_version");
            var createdBy = String(root, "created_by");
            var replay = String(root, "replay");

            if (seeds is not null && runs is not null && !seeds.SequenceEqual(runs.Select(r => r.Seed)))
                Error("seeds", $"is [{string.Join(", ", seeds)}] but the runs are for seeds [{string.Join(", ", runs.Select(r => r.Seed))}]");
            if (runs is not null)
            {
                Reproduction(root, Hunt.Finding.Rate(runs));
                if (runs.Any(r => (r.B is null) == (pairing is not null)))
                    Error("runs", pairing is null ? "hold a run B but the finding has no pairing" : "need a run B (field 'b') for every seed of a paired finding");
            }

            if (Errors.Count > 0) return null;
            return new Finding(hypothesis!, spec!, claim!, verdict!.Value, scenarioName!, config!, runs!, engine!, createdBy!, replay!, pairing);
        }

        bool Has(JsonElement obj, string name, string field, out JsonElement value)
        {
            if (obj.TryGetProperty(name, out value)) return true;
            Error("", $"is missing field '{field}'");
            return false;
        }

        string? String(JsonElement obj, string name, string? field = null)
        {
            field ??= name;
            if (!Has(obj, name, field, out var v)) return null;
            if (v.ValueKind == JsonValueKind.String) return v.GetString();
            Error(field, $"must be a string, found {Kind(v)}");
            return null;
        }

        Dictionary<string, ParameterValue>? Config(JsonElement root, string name, ScenarioCatalog catalog, string? field = null)
        {
            field ??= name;
            if (!Has(root, name, field, out var config)) return null;
            if (config.ValueKind != JsonValueKind.Object) { Error(field, $"must be an object of parameter assignments, found {Kind(config)}"); return null; }
            var texts = new List<string>();
            foreach (var p in config.EnumerateObject())
            {
                switch (p.Value.ValueKind)
                {
                    case JsonValueKind.String: texts.Add($"{p.Name}={p.Value.GetString()}"); break;
                    case JsonValueKind.Number: texts.Add($"{p.Name}={p.Value.GetRawText()}"); break;
                    default: Error($"{field}.{p.Name}", $"must be a number or a symbol, found {Kind(p.Value)}"); break;
                }
            }
            // The same validation as --set and spec files, so a finding's errors carry the same IL IDs and hints.
            var (values, errors) = ConfigAssignments.Parse(catalog, texts);
            foreach (var e in errors) Error(field, e);
            return values;
        }

        List<long>? Seeds(JsonElement root)
        {
            if (!Has(root, "seeds", "seeds", out var seeds)) return null;
            if (seeds.ValueKind != JsonValueKind.Array) { Error("seeds", $"must be an array of integers, found {Kind(seeds)}"); return null; }
            var list = new List<long>();
            int i = 0;
            foreach (var s in seeds.EnumerateArray())
            {
                if (s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var seed)) list.Add(seed);
                else Error($"seeds[{i}]", $"must be an integer, found {Kind(s)}");
                i++;
            }
            if (i == 0) Error("seeds", "is empty; a finding needs at least one seed");
            return list.Count == i ? list : null;
        }

        List<FindingRun>? Runs(JsonElement root)
        {
            if (!Has(root, "runs", "runs", out var runs)) return null;
            if (runs.ValueKind != JsonValueKind.Array) { Error("runs", $"must be an array of runs, found {Kind(runs)}"); return null; }
            var list = new List<FindingRun>();
            int i = 0, bad = 0;
            foreach (var r in runs.EnumerateArray())
            {
                var run = Run(r, $"runs[{i}]");
                if (run is null) bad++; else list.Add(run);
                i++;
            }
            if (i == 0) Error("runs", "is empty; a finding needs at least one run");
            return bad == 0 ? list : null;
        }

        /// <param name="arm">Run B of a paired seed: it shares the seed, role and verdict of run A, so it records only what it measured.</param>
        FindingRun? Run(JsonElement r, string field, bool arm = false)
        {
            if (r.ValueKind != JsonValueKind.Object) { Error(field, $"must be an object, found {Kind(r)}"); return null; }
            int before = Errors.Count;
            long seed = 0;
            if (!arm && Has(r, "seed", $"{field}.seed", out var s) && !(s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out seed)))
                Error($"{field}.seed", $"must be an integer, found {Kind(s)}");
            bool fresh = true;
            if (!arm && r.TryGetProperty("role", out var role))
            {
                if (role.ValueKind == JsonValueKind.String && role.GetString() is "fresh" or "search") fresh = role.GetString() == "fresh";
                else Error($"{field}.role", $"must be \"fresh\" or \"search\", found {Kind(role)}");
            }
            var outcome = String(r, "outcome", $"{field}.outcome");
            bool reproduces = false;
            if (!arm && Has(r, "reproduces", $"{field}.reproduces", out var rep))
            {
                if (rep.ValueKind is JsonValueKind.True or JsonValueKind.False) reproduces = rep.GetBoolean();
                else Error($"{field}.reproduces", $"must be true or false, found {Kind(rep)}");
            }
            FindingRun? b = null;
            if (!arm && r.TryGetProperty("b", out var runB)) b = Run(runB, $"{field}.b", arm: true);
            string? stop = null;
            if (r.TryGetProperty("stop_reason", out var st))
            {
                if (st.ValueKind == JsonValueKind.String) stop = st.GetString();
                else if (st.ValueKind != JsonValueKind.Null) Error($"{field}.stop_reason", $"must be a string or null, found {Kind(st)}");
            }
            var metrics = new Dictionary<string, double>();
            if (Has(r, "metrics", $"{field}.metrics", out var m))
            {
                if (m.ValueKind != JsonValueKind.Object) Error($"{field}.metrics", $"must be an object of metric values, found {Kind(m)}");
                else foreach (var p in m.EnumerateObject())
                {
                    if (MetricJson.TryRead(p.Value, out var x)) metrics[p.Name] = x;
                    else Error($"{field}.metrics.{p.Name}", $"must be a number or null, found {Kind(p.Value)}");
                }
            }
            return Errors.Count == before ? new FindingRun(seed, outcome!, reproduces, metrics, stop, fresh, b is null ? null : b with { Seed = seed, Reproduces = reproduces, Fresh = fresh }) : null;
        }

        /// <summary>The recorded rate is derived from the runs; a mismatch means the file was edited by hand.</summary>
        void Reproduction(JsonElement root, ReproductionRate fromRuns)
        {
            if (!Has(root, "reproduction", "reproduction", out var rep)) return;
            if (rep.ValueKind != JsonValueKind.Object) { Error("reproduction", $"must be an object, found {Kind(rep)}"); return; }
            foreach (var (name, expected) in new[] { ("reproduced", fromRuns.Reproduced), ("trials", fromRuns.Trials) })
            {
                if (!Has(rep, name, $"reproduction.{name}", out var v)) continue;
                if (!(v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n))) Error($"reproduction.{name}", $"must be an integer, found {Kind(v)}");
                else if (n != expected) Error($"reproduction.{name}", $"is {n} but the runs give {expected}");
            }
        }

        static string Kind(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => $"the string {Quote(e.GetString()!)}",
            JsonValueKind.Number => $"the number {e.GetRawText()}",
            JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
            JsonValueKind.Null => "null",
            _ => e.ValueKind.ToString(),
        };

        static string Quote(string s) => "\"" + (s.Length > 40 ? s[..40] + "…" : s) + "\"";
    }
}
