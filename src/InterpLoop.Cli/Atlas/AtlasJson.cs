using System.Text.Json.Nodes;
using InterpLoop.Engine;
using InterpLoop.Hunt.Atlas;
using InterpLoop.Spec.Catalog;
using InterpLoop.Spec.Syntax;

namespace InterpLoop.Cli.Atlas;

/// <summary>
/// `atlas.json` and `atlas --json`: the grid, the held parameters and every cell (majority, share, each seed's
/// outcome, metric means), written canonically (<see cref="CanonicalJson"/>). It holds nothing that differs
/// between two atlases of the same arguments (no time, no output or store path, no cache counts), so they are
/// byte-identical.
/// </summary>
internal static class AtlasJson
{
    public static string Serialize(AtlasResult r, string command) => CanonicalJson.Serialize(ToJson(r, command));

    public static JsonObject ToJson(AtlasResult r, string command)
    {
        var g = r.Grid;
        var h = g.Hypothesis;
        var fixedValues = new JsonObject();
        foreach (var (k, v) in h.Fixed) fixedValues[k] = Value(v);
        var majorities = new JsonObject();
        foreach (var group in r.Cells.Where(c => !c.Excluded).GroupBy(c => c.Majority!)) majorities[group.Key] = group.Count();
        return new JsonObject
        {
            ["hypothesis"] = h.Name,
            ["spec"] = h.SpecPath.Replace('\\', '/'),
            ["scenario"] = h.Catalog.Name,
            ["claim"] = h.ClaimText,
            ["assume"] = h.Assume is null ? null : PrettyPrinter.Print(h.Assume),
            ["side"] = g.Options.Side?.ToString(),
            ["fixed"] = fixedValues,
            ["held"] = new JsonArray(g.Held.Select(p => (JsonNode)new JsonObject
            {
                ["parameter"] = p.Name, ["value"] = Value(p.Value), ["why"] = p.IsDefault ? "default" : "simplest",
            }).ToArray()),
            ["x"] = Axis(g.X),
            ["y"] = Axis(g.Y),
            ["grid"] = g.Options.Grid,
            ["seeds"] = new JsonArray(r.Seeds.Select(s => (JsonNode)JsonValue.Create(s)).ToArray()),
            ["engine_version"] = EngineVersion.Current,
            ["summary"] = new JsonObject
            {
                ["cells"] = r.Cells.Count,
                ["excluded"] = r.Cells.Count(c => c.Excluded),
                ["runs"] = r.Runs,
                ["majorities"] = majorities,
            },
            ["cells"] = new JsonArray(r.Cells.Select(c => (JsonNode)Cell(c)).ToArray()),
            ["command"] = command,
        };
    }

    static JsonObject Axis(AtlasAxis a) => new()
    {
        ["parameter"] = a.Parameter,
        ["scale"] = a.Scale.ToString().ToLowerInvariant(),
        ["values"] = new JsonArray(a.Values.Select(v => (JsonNode?)Value(v)).ToArray()),
    };

    static JsonObject Cell(AtlasCell c) => new()
    {
        ["x"] = Value(c.Point.X),
        ["y"] = Value(c.Point.Y),
        ["x_index"] = c.Point.XIndex,
        ["y_index"] = c.Point.YIndex,
        ["excluded"] = c.Excluded,
        ["majority"] = c.Majority,
        ["majority_count"] = c.MajorityCount,
        ["share"] = c.Excluded ? null : JsonValue.Create(c.Share),
        ["runs"] = new JsonArray(c.Runs.Select(run => (JsonNode)new JsonObject
        {
            ["seed"] = run.Seed, ["outcome"] = run.Outcome, ["stop_reason"] = run.StopReason,
        }).ToArray()),
        ["metrics"] = ResultJson.Metrics(c.MetricMeans),
    };

    static JsonNode? Value(ParameterValue v) => v.IsSymbol ? JsonValue.Create(v.Symbol) : JsonValue.Create(v.Number);
}
