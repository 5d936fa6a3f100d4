using System.Globalization;
using InterpLoop.Hunt.Atlas;
using ScottPlot;

namespace InterpLoop.Cli.Atlas;

/// <summary>
/// `atlas.png`: one rectangle per grid cell coloured by its majority outcome (<see cref="OutcomeColours"/>), the
/// share of seeds with that outcome printed in it, a legend of every outcome of the scenario's taxonomy, the
/// parameter names on the axes and the hypothesis as title. A `log` range is drawn in log10 with its ticks
/// labelled by the real values; a set is drawn one column (or row) per member. Ticks sit at the values that ran.
/// </summary>
internal static class AtlasPicture
{
    public const int Width = 1100, Height = 760;

    /// <summary>Past this many points an axis labels every k-th value only, so labels never overlap.</summary>
    const int MaxLabels = 10;

    public static byte[] Png(AtlasResult r)
    {
        var g = r.Grid;
        var taxonomy = Taxonomy(r);
        using var plot = new Plot();
        if (SansFont() is { } font) plot.Font.Set(font);
        plot.Title(g.Hypothesis.Name, 18);
        plot.Axes.Title.Label.Bold = true;
        // What the map holds still, under the title: a map read without it would be over-generalised.
        plot.Axes.Top.Label.Text = Caption(r);
        plot.Axes.Top.Label.FontSize = 13;
        plot.Axes.Top.Label.Bold = false;
        plot.Axes.Top.MinimumSize = 40;
        plot.Axes.Top.Label.OffsetY = 14;
        plot.XLabel(AxisLabel(g.X), 15);
        plot.YLabel(AxisLabel(g.Y), 15);
        plot.HideGrid();

        var xs = Positions(g.X);
        var ys = Positions(g.Y);
        var xEdges = Edges(xs);
        var yEdges = Edges(ys);
        float fontSize = CellFontSize(xs.Length, ys.Length);
        foreach (var cell in r.Cells)
        {
            var (x1, x2) = xEdges[cell.Point.XIndex];
            var (y1, y2) = yEdges[cell.Point.YIndex];
            string fill = cell.Excluded ? OutcomeColours.Excluded : OutcomeColours.Hex(cell.Majority!, taxonomy);
            var rect = plot.Add.Rectangle(x1, x2, y1, y2);
            rect.FillColor = Color.FromHex(fill);
            rect.LineColor = Colors.White;
            rect.LineWidth = 2;

            double cx = xs[cell.Point.XIndex], cy = ys[cell.Point.YIndex];
            if (cell.Excluded)
            {
                var note = plot.Add.Text("excluded", cx, cy);
                note.Alignment = Alignment.MiddleCenter;
                note.LabelFontSize = Math.Max(8, fontSize * 0.6f);
                note.LabelFontColor = Color.FromHex("#777777");
                continue;
            }
            var ink = Color.FromHex(OutcomeColours.TextOn(fill));
            var share = plot.Add.Text(cell.Share.ToString("0%", CultureInfo.InvariantCulture), cx, cy);
            share.Alignment = Alignment.MiddleCenter;
            share.LabelFontSize = fontSize;
            share.LabelFontColor = ink;
            // The outcome's name too, where the cell has room: the map must read in greyscale and to colour-blind eyes.
            if (fontSize >= 14)
            {
                share.OffsetY = fontSize * 0.45f;
                var name = plot.Add.Text(cell.Majority!, cx, cy);
                name.Alignment = Alignment.MiddleCenter;
                name.LabelFontSize = fontSize * 0.55f;
                name.LabelFontColor = ink;
                name.OffsetY = -fontSize * 0.6f;
                // The other outcomes of the cell's seeds, so a minority outcome (drift-driven obfuscated activations,
                // say) is on the map too, not only in the page's table.
                var others = cell.Runs.GroupBy(run => run.Outcome).Where(o => o.Key != cell.Majority)
                    .OrderBy(o => taxonomy.ToList().IndexOf(o.Key)).Select(o => $"{o.Key} {o.Count()}/{cell.Runs.Count}").ToList();
                if (others.Count > 0)
                {
                    var minority = plot.Add.Text("+ " + string.Join(", ", others), cx, cy);
                    minority.Alignment = Alignment.MiddleCenter;
                    minority.LabelFontSize = fontSize * 0.45f;
                    minority.LabelFontColor = ink;
                    minority.OffsetY = fontSize * 1.35f;
                }
            }
        }

        plot.Axes.Bottom.TickGenerator = Ticks(g.X, xs);
        plot.Axes.Left.TickGenerator = Ticks(g.Y, ys);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        plot.Axes.SetLimits(xEdges[0].Low, xEdges[^1].High, yEdges[0].Low, yEdges[^1].High);

        foreach (var outcome in taxonomy)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = outcome, FillColor = Color.FromHex(OutcomeColours.Hex(outcome, taxonomy)), OutlineColor = Colors.Gray });
        if (r.Cells.Any(c => c.Excluded))
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "excluded (assume)", FillColor = Color.FromHex(OutcomeColours.Excluded), OutlineColor = Colors.Gray });
        plot.Legend.FontSize = 13;
        plot.ShowLegend(Edge.Right);

        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>The scenario's outcomes in catalog order, then any a run reported that the catalog does not list.</summary>
    public static IReadOnlyList<string> Taxonomy(AtlasResult r)
    {
        var listed = r.Grid.Hypothesis.Catalog.FindMetric("outcome")?.Choices ?? Array.Empty<string>();
        var seen = r.Cells.SelectMany(c => c.Runs).Select(run => run.Outcome).Distinct().Where(o => !listed.Contains(o)).Order(StringComparer.Ordinal);
        return listed.Concat(seen).ToList();
    }

    /// <summary>
    /// A sans-serif family the machine has, or null to keep ScottPlot's default: where no font is installed at all,
    /// text is left out of the picture rather than failing it.
    /// </summary>
    static string? SansFont()
    {
        try { return new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Noto Sans" }.FirstOrDefault(f => SkiaSharp.SKFontManager.Default.MatchFamily(f) is not null); }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException) { return null; }
    }

    static string Caption(AtlasResult r)
    {
        var g = r.Grid;
        var held = g.Held.Select(p => $"{p.Name} = {AtlasValueText.Of(p.Value)}").ToList();
        if (g.Options.Side is { } side) held.Insert(0, $"side {side} of the paired claim");
        string seeds = r.Seeds.Count == 1 ? "1 seed per cell" : $"{r.Seeds.Count} seeds per cell";
        return (held.Count == 0 ? "" : "held: " + string.Join(", ", held) + " · ") + seeds + " · % = share of seeds with the majority outcome";
    }

    static string AxisLabel(AtlasAxis a) => a.Scale == AtlasScale.Log ? $"{a.Parameter} (log scale)" : a.Parameter;

    /// <summary>Where each value sits on the plot: log10 for a log range, its index for a set.</summary>
    static double[] Positions(AtlasAxis a) => a.Values.Select((v, i) => a.Scale switch
    {
        AtlasScale.Set => i,
        AtlasScale.Log => Math.Log10(v.Number),
        _ => v.Number,
    }).ToArray();

    /// <summary>Each cell reaches halfway to its neighbours, the outer ones as far out as in, so cells tile the plot.</summary>
    static (double Low, double High)[] Edges(double[] p)
    {
        if (p.Length == 1) return new[] { (p[0] - 0.5, p[0] + 0.5) };
        var mids = Enumerable.Range(0, p.Length - 1).Select(i => (p[i] + p[i + 1]) / 2).ToArray();
        return Enumerable.Range(0, p.Length).Select(i => (
            i == 0 ? p[0] - (mids[0] - p[0]) : mids[i - 1],
            i == p.Length - 1 ? p[^1] + (p[^1] - mids[^1]) : mids[i])).ToArray();
    }

    static ScottPlot.TickGenerators.NumericManual Ticks(AtlasAxis a, double[] positions)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        int every = (positions.Length + MaxLabels - 1) / MaxLabels;
        for (int i = 0; i < positions.Length; i++)
            if (i % every == 0) ticks.AddMajor(positions[i], AtlasValueText.Of(a.Values[i]));
            else ticks.AddMinor(positions[i]);
        return ticks;
    }

    /// <summary>Large in a few big cells, small in many, so the share always fits inside its cell.</summary>
    static float CellFontSize(int columns, int rows)
    {
        double cell = Math.Min((Width - 360.0) / columns, (Height - 160.0) / rows);
        return (float)Math.Clamp(cell * 0.22, 8, 22);
    }
}
