using System.Text.RegularExpressions;
using InterpLoop.Cli.Atlas;

namespace InterpLoop.Properties.Cli.Atlas;

/// <summary>atlas.html is self-contained and shows every cell, its metrics on hover, the picture and the command.</summary>
public class AtlasPageTests
{
    static readonly byte[] Png = { 0x89, 0x50, 0x4E, 0x47, 1, 2, 3 };

    [Fact]
    public void The_page_references_nothing_outside_itself()
    {
        var html = AtlasPage.Html(AtlasSamples.Band(), Png, AtlasSamples.Command);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https:", html, StringComparison.OrdinalIgnoreCase);
        var sources = Regex.Matches(html, "(?:src|href)=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        var image = Assert.Single(sources);
        Assert.StartsWith("data:image/png;base64,", image);
        Assert.Equal(Png, Convert.FromBase64String(image["data:image/png;base64,".Length..]));
    }

    [Fact]
    public void Every_cell_has_a_row_with_its_outcomes_and_a_hover_with_its_metrics()
    {
        var r = AtlasSamples.Band();
        var html = AtlasPage.Html(r, Png, AtlasSamples.Command);
        var rows = Regex.Matches(html, "<tr title=\"([^\"]*)\"><td>([^<]*)</td><td>([^<]*)</td>").ToList();
        Assert.Equal(r.Cells.Count, rows.Count);
        for (int k = 0; k < r.Cells.Count; k++)
        {
            var c = r.Cells[k];
            Assert.Equal(AtlasValueText.Of(c.Point.X), rows[k].Groups[2].Value);
            Assert.Equal(AtlasValueText.Of(c.Point.Y), rows[k].Groups[3].Value);
            var hover = System.Net.WebUtility.HtmlDecode(rows[k].Groups[1].Value);
            if (c.Excluded) { Assert.Equal("excluded by the assume", hover); continue; }
            Assert.Contains($"{c.Majority} on {c.MajorityCount} of 2 seeds (0: {c.Runs[0].Outcome}, 1: {c.Runs[1].Outcome})", hover);
            Assert.Contains($"distance = {AtlasValueText.Metric(c.MetricMeans["distance"])}", hover);
        }
        Assert.Contains($"<code>{System.Net.WebUtility.HtmlEncode(AtlasSamples.Command)}</code>", html);
        Assert.Contains("held: c = plain (default)", html);
    }
}
