using System.Globalization;
using System.Net;
using System.Text;
using InterpLoop.Hunt.Atlas;
using InterpLoop.Spec.Syntax;

namespace InterpLoop.Cli.Atlas;

/// <summary>
/// `atlas.html`: one self-contained page (no script, no external style, font or image: the picture is a data URI)
/// with the picture, the map as a coloured table whose cells show their metrics on hover, the table of every
/// cell with its seeds' outcomes and metric means, and the command that made it.
/// </summary>
internal static class AtlasPage
{
    public static string Html(AtlasResult r, byte[] png, string command)
    {
        var g = r.Grid;
        var h = g.Hypothesis;
        var taxonomy = AtlasPicture.Taxonomy(r);
        var metricNames = r.Cells.SelectMany(c => c.MetricMeans.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var s = new StringBuilder();
        s.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        s.Append($"<title>atlas: {E(h.Name)}</title>\n");
        s.Append("""
            <style>
            body { font-family: sans-serif; margin: 1.5em; color: #222; }
            code, pre { font-family: monospace; background: #f4f4f4; padding: 0.1em 0.3em; }
            pre { padding: 0.6em; white-space: pre-wrap; }
            table { border-collapse: collapse; margin: 0.8em 0; }
            th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: left; font-size: 0.9em; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            table.map td { text-align: center; min-width: 6em; height: 2.6em; cursor: default; }
            table.map th { background: #fafafa; }
            .swatch { display: inline-block; width: 0.9em; height: 0.9em; vertical-align: middle; margin-right: 0.3em; border: 1px solid #888; }
            .scroll { overflow-x: auto; }
            img { max-width: 100%; height: auto; border: 1px solid #ddd; }
            </style>

            """);
        s.Append("</head>\n<body>\n");
        s.Append($"<h1>{E(h.Name)}</h1>\n");
        s.Append($"<p>Spec <code>{E(h.SpecPath.Replace('\\', '/'))}</code>, scenario <code>{E(h.Catalog.Name)}</code>, engine {E(Engine.EngineVersion.Current)}.</p>\n");
        s.Append($"<p><code>{E(h.ClaimText)}</code>" + (h.Assume is null ? "" : $"<br>assume <code>{E(PrettyPrinter.Print(h.Assume))}</code>") + "</p>\n");
        s.Append("<ul>\n");
        s.Append($"<li>x: <code>{E(g.X.Parameter)}</code> ({Scale(g.X)}): {E(string.Join(", ", g.X.Values.Select(AtlasValueText.Of)))}</li>\n");
        s.Append($"<li>y: <code>{E(g.Y.Parameter)}</code> ({Scale(g.Y)}): {E(string.Join(", ", g.Y.Values.Select(AtlasValueText.Of)))}</li>\n");
        if (g.Options.Side is { } side) s.Append($"<li>paired claim: side {side} mapped</li>\n");
        if (h.Fixed.Count > 0) s.Append($"<li>fixed: {E(string.Join(", ", h.Fixed.Select(kv => $"{kv.Key} = {kv.Value}")))}</li>\n");
        s.Append(g.Held.Count == 0 ? "<li>no other varied parameter</li>\n"
            : $"<li>held: {E(string.Join(", ", g.Held.Select(p => $"{p.Name} = {AtlasValueText.Of(p.Value)} ({p.Why})")))}</li>\n");
        s.Append($"<li>seeds per cell: {r.Seeds.Count} ({string.Join(", ", r.Seeds)}); {r.Runs} runs; {r.Cells.Count(c => c.Excluded)} of {r.Cells.Count} cells excluded by the assume</li>\n");
        s.Append("</ul>\n");
        s.Append($"<p>Made by <code>{E(command)}</code></p>\n");
        s.Append($"<img src=\"data:image/png;base64,{Convert.ToBase64String(png)}\" width=\"{AtlasPicture.Width}\" height=\"{AtlasPicture.Height}\" alt=\"outcome map of {E(h.Name)}\">\n");

        s.Append("<h2>Map</h2>\n<p>Each cell: the majority outcome and how many seeds had it. Hover for the metric means.</p>\n<p>");
        foreach (var outcome in taxonomy)
            s.Append($"<span class=\"swatch\" style=\"background:{OutcomeColours.Hex(outcome, taxonomy)}\"></span>{E(outcome)} &nbsp; ");
        s.Append("</p>\n<table class=\"map\">\n");
        s.Append($"<tr><th>{E(g.Y.Parameter)} \\ {E(g.X.Parameter)}</th>");
        foreach (var x in g.X.Values) s.Append($"<th>{E(AtlasValueText.Of(x))}</th>");
        s.Append("</tr>\n");
        var byPlace = r.Cells.ToDictionary(c => (c.Point.XIndex, c.Point.YIndex));
        for (int j = g.Y.Count - 1; j >= 0; j--)
        {
            s.Append($"<tr><th>{E(AtlasValueText.Of(g.Y.Values[j]))}</th>");
            for (int i = 0; i < g.X.Count; i++)
            {
                var c = byPlace[(i, j)];
                if (c.Excluded) { s.Append($"<td style=\"background:{OutcomeColours.Excluded};color:#777\" title=\"excluded by the assume\">excluded</td>"); continue; }
                string fill = OutcomeColours.Hex(c.Majority!, taxonomy);
                s.Append($"<td style=\"background:{fill};color:{OutcomeColours.TextOn(fill)}\" title=\"{E(Tooltip(c))}\">{E(c.Majority!)}<br>{c.MajorityCount}/{c.Runs.Count}</td>");
            }
            s.Append("</tr>\n");
        }
        s.Append("</table>\n");

        s.Append("<h2>Cells</h2>\n<div class=\"scroll\">\n<table class=\"cells\">\n<tr>");
        s.Append($"<th>{E(g.X.Parameter)}</th><th>{E(g.Y.Parameter)}</th><th>majority</th><th>share</th><th>outcomes (seed: outcome)</th>");
        foreach (var m in metricNames) s.Append($"<th>{E(m)}</th>");
        s.Append("</tr>\n");
        foreach (var c in r.Cells)
        {
            s.Append(c.Excluded ? "<tr title=\"excluded by the assume\">" : $"<tr title=\"{E(Tooltip(c))}\">");
            s.Append($"<td>{E(AtlasValueText.Of(c.Point.X))}</td><td>{E(AtlasValueText.Of(c.Point.Y))}</td>");
            if (c.Excluded) s.Append("<td>excluded</td><td></td><td></td>");
            else
            {
                string fill = OutcomeColours.Hex(c.Majority!, taxonomy);
                s.Append($"<td><span class=\"swatch\" style=\"background:{fill}\"></span>{E(c.Majority!)}</td>");
                s.Append($"<td class=\"num\">{c.Share.ToString("0%", CultureInfo.InvariantCulture)}</td>");
                s.Append($"<td>{E(string.Join(", ", c.Runs.Select(run => $"{run.Seed}: {run.Outcome}")))}</td>");
            }
            foreach (var m in metricNames)
                s.Append($"<td class=\"num\">{(c.MetricMeans.TryGetValue(m, out var v) ? AtlasValueText.Metric(v) : "")}</td>");
            s.Append("</tr>\n");
        }
        s.Append("</table>\n</div>\n</body>\n</html>\n");
        return s.ToString();
    }

    /// <summary>A cell's place, seeds' outcomes and metric means, one per line, for the browser's native tooltip (no script needed).</summary>
    static string Tooltip(AtlasCell c)
    {
        var lines = new List<string>
        {
            $"x = {AtlasValueText.Of(c.Point.X)}, y = {AtlasValueText.Of(c.Point.Y)}",
            $"{c.Majority} on {c.MajorityCount} of {c.Runs.Count} seeds ({string.Join(", ", c.Runs.Select(run => $"{run.Seed}: {run.Outcome}"))})",
            "mean over seeds:",
        };
        lines.AddRange(c.MetricMeans.Select(kv => $"  {kv.Key} = {AtlasValueText.Metric(kv.Value)}"));
        return string.Join("\n", lines);
    }

    static string Scale(AtlasAxis a) => a.Scale switch { AtlasScale.Log => "log-spaced", AtlasScale.Linear => "evenly spaced", _ => "every member" };

    static string E(string text) => WebUtility.HtmlEncode(text);
}
