using InterpLoop.Cli.Atlas;
using SkiaSharp;

namespace InterpLoop.Properties.Cli.Atlas;

/// <summary>atlas.png decodes as a PNG of the stated size and shows the outcomes' fixed colours.</summary>
public class AtlasPictureTests
{
    [Fact]
    public void The_picture_is_a_png_of_the_stated_size()
    {
        var png = AtlasPicture.Png(AtlasSamples.Band());
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png.Take(8));
        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.Equal((AtlasPicture.Width, AtlasPicture.Height), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public void Cells_are_filled_with_their_outcomes_colours_in_proportion_to_how_many_cells_have_them()
    {
        var r = AtlasSamples.Band();
        using var bitmap = SKBitmap.Decode(AtlasPicture.Png(r));
        int Count(string hex)
        {
            var c = SKColor.Parse(hex);
            int n = 0;
            for (int y = 0; y < bitmap.Height; y++)
                for (int x = 0; x < bitmap.Width; x++)
                    if (bitmap.GetPixel(x, y) == c) n++;
            return n;
        }
        var taxonomy = AtlasPicture.Taxonomy(r);
        int honest = Count(OutcomeColours.Hex("honest", taxonomy)), blatant = Count(OutcomeColours.Hex("blatant", taxonomy));
        int honestCells = r.Cells.Count(c => c.Majority == "honest"), blatantCells = r.Cells.Count(c => c.Majority == "blatant");
        Assert.Equal((8, 15), (honestCells, blatantCells)); // a = 6 and 6.5 are honest, but the corner a = 6.5, b ≥ 0.1 is excluded
        // Cells are equal in size, so the fills' areas go as the cell counts (text and legend swatches take a little).
        double ratio = (double)blatant / honest;
        Assert.InRange(ratio, 15.0 / 8 * 0.85, 15.0 / 8 * 1.15);
        Assert.True(Count(OutcomeColours.Excluded) > 0, "the excluded cells are not drawn");
    }
}
