namespace InterpLoop.Cli.Atlas;

/// <summary>
/// One fixed colour per outcome, the same in every picture and page, so two atlases can be compared at a glance:
/// honest green, blatant red, the two obfuscations orange and purple, degenerate grey. Colour-blind-safe
/// (Okabe–Ito), and light enough that black text on them stays legible.
/// </summary>
internal static class OutcomeColours
{
    static readonly Dictionary<string, string> Known = new()
    {
        ["honest"] = "#009E73",
        ["blatant"] = "#D55E00",
        ["obfuscated_policy"] = "#E69F00",
        ["obfuscated_activations"] = "#CC79A7",
        ["degenerate"] = "#999999",
    };

    /// <summary>Another family's outcomes, by their place in its taxonomy, so they are stable too.</summary>
    static readonly string[] Spare = { "#56B4E9", "#0072B2", "#F0E442", "#000000" };

    public const string Excluded = "#F2F2F2";

    public static string Hex(string outcome, IReadOnlyList<string> taxonomy)
    {
        if (Known.TryGetValue(outcome, out var hex)) return hex;
        int k = taxonomy.Where(o => !Known.ContainsKey(o)).ToList().IndexOf(outcome);
        // string.GetHashCode differs between processes; a character sum does not.
        return Spare[(k < 0 ? outcome.Sum(c => (int)c) : k) % Spare.Length];
    }

    /// <summary>Black or white, whichever reads better on <paramref name="hex"/> (relative luminance against a 0.4 threshold).</summary>
    public static string TextOn(string hex)
    {
        double Channel(int i)
        {
            double c = Convert.ToInt32(hex.Substring(1 + 2 * i, 2), 16) / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
        double luminance = 0.2126 * Channel(0) + 0.7152 * Channel(1) + 0.0722 * Channel(2);
        return luminance > 0.18 ? "#000000" : "#FFFFFF";
    }
}
