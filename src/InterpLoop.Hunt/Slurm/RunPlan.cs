using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using InterpLoop.Engine;
using InterpLoop.Hunt.Search;
using InterpLoop.Spec.Catalog;

namespace InterpLoop.Hunt.Slurm;

/// <summary>One run of a plan: its assignments as the catalog's canonical text, its seed and its run-store key.</summary>
public sealed record PlannedRun(IReadOnlyDictionary<string, string> Assignments, long Seed, string Key);

/// <summary>
/// A batch of runs written down for worker processes elsewhere (`interploop worker --plan`): the scenario, the engine
/// version and every run with its key. The file is canonical JSON (sorted names, no times or paths), so the same
/// batch always gives the same bytes and the same <see cref="Hash"/>: that is how a restarted coordinator recognises
/// the array job it submitted.
/// </summary>
public sealed class RunPlan
{
    const string Format = "interploop.plan/1";

    RunPlan(string scenario, string engineVersion, IReadOnlyList<PlannedRun> runs, byte[] bytes)
    {
        Scenario = scenario; EngineVersion = engineVersion; Runs = runs; Bytes = bytes;
        Hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    public string Scenario { get; }
    public string EngineVersion { get; }
    public IReadOnlyList<PlannedRun> Runs { get; }
    public byte[] Bytes { get; }

    /// <summary>SHA-256 of the file's bytes, lower-case hex.</summary>
    public string Hash { get; }

    /// <summary>The plan of these requests, keyed as <paramref name="store"/> keys them; a request repeated in the batch is planned once.</summary>
    public static RunPlan For(IScenario scenario, RunStore store, IEnumerable<RunRequest> requests)
    {
        var runs = new List<PlannedRun>();
        var seen = new HashSet<string>();
        foreach (var r in requests)
        {
            var key = store.KeyOf(scenario, r.Assignments, r.Seed);
            if (!seen.Add(key)) continue;
            runs.Add(new PlannedRun(new SortedDictionary<string, string>(r.Assignments.ToDictionary(kv => kv.Key, kv => kv.Value.ToString()), StringComparer.Ordinal), r.Seed, key));
        }
        return new RunPlan(scenario.Catalog.Name, store.EngineVersion, runs, Serialize(scenario.Catalog.Name, store.EngineVersion, runs));
    }

    /// <summary>Which runs shard <paramref name="shard"/> of <paramref name="shards"/> (1-based) does: run i (0-based) when i mod N = I − 1.</summary>
    public IReadOnlyList<PlannedRun> Shard(int shard, int shards) =>
        shard < 1 || shard > shards ? throw new ArgumentOutOfRangeException(nameof(shard), $"shard {shard}/{shards}: I must be between 1 and N")
        : Runs.Where((_, i) => i % shards == shard - 1).ToList();

    /// <summary>The plan's assignments typed by the catalog, as a run request; throws <see cref="FormatException"/> for a value the catalog rejects.</summary>
    public static RunRequest Request(ScenarioCatalog catalog, PlannedRun run)
    {
        var assignments = new Dictionary<string, ParameterValue>();
        foreach (var (name, text) in run.Assignments)
        {
            var p = catalog.FindParameter(name) ?? throw new FormatException($"the plan names parameter '{name}', which {catalog.Name} does not have");
            assignments[name] = p.TryParse(text, out var value, out var error) ? value : throw new FormatException($"the plan has {name} = {text}: {error}");
        }
        return new RunRequest(assignments, run.Seed);
    }

    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, Bytes);
        File.Move(temporary, path, overwrite: true); // a reader never sees half a plan
    }

    /// <summary>Reads a plan file; throws <see cref="FormatException"/> naming the file for anything that is not one.</summary>
    public static RunPlan Read(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new FormatException($"plan '{path}' cannot be read: {e.Message}", e); }
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            if (root.GetProperty("format").GetString() != Format) throw new FormatException($"plan '{path}' is not a {Format} file");
            var runs = root.GetProperty("runs").EnumerateArray().Select(r => new PlannedRun(
                r.GetProperty("assignments").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
                r.GetProperty("seed").GetInt64(), r.GetProperty("key").GetString()!)).ToList();
            return new RunPlan(root.GetProperty("scenario").GetString()!, root.GetProperty("engine").GetString()!, runs, bytes);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"plan '{path}' is not a readable plan ({e.Message})", e);
        }
    }

    static byte[] Serialize(string scenario, string engine, IReadOnlyList<PlannedRun> runs)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("engine", engine);
            w.WriteString("format", Format);
            w.WriteStartArray("runs");
            foreach (var run in runs)
            {
                w.WriteStartObject();
                w.WriteStartObject("assignments");
                foreach (var (name, value) in run.Assignments.OrderBy(kv => kv.Key, StringComparer.Ordinal)) w.WriteString(name, value);
                w.WriteEndObject();
                w.WriteString("key", run.Key);
                w.WriteNumber("seed", run.Seed);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteString("scenario", scenario);
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }
}
