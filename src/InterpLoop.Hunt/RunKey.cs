using System.Security.Cryptography;
using System.Text;

namespace InterpLoop.Hunt;

/// <summary>
/// The run store's key: SHA-256 (lower-case hex) of the scenario, every knob in catalog order as canonical
/// text, the seed and the engine version. Two runs share a key exactly when the engine promises them
/// bit-identical metrics, so a stored result can stand in for a new run.
/// </summary>
public static class RunKey
{
    /// <summary>Bumped if the canonical text below ever changes, so old keys cannot collide with new ones.</summary>
    const string Scheme = "interploop.run/1";

    public static string Compute(string scenario, IReadOnlyList<KeyValuePair<string, string>> fullConfig, long seed, string engineVersion) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalText(scenario, fullConfig, seed, engineVersion))));

    /// <summary>
    /// One "field=value" per line. Names and values are escaped so that no choice of text can make two
    /// different configurations produce the same lines.
    /// </summary>
    public static string CanonicalText(string scenario, IReadOnlyList<KeyValuePair<string, string>> fullConfig, long seed, string engineVersion)
    {
        var text = new StringBuilder();
        text.Append(Scheme).Append('\n');
        text.Append("scenario=").Append(Escape(scenario)).Append('\n');
        text.Append("engine=").Append(Escape(engineVersion)).Append('\n');
        text.Append("seed=").Append(seed.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        foreach (var (name, value) in fullConfig)
            text.Append("config.").Append(Escape(name)).Append('=').Append(Escape(value)).Append('\n');
        return text.ToString();
    }

    static string Escape(string s) => s.Replace("\\", "\\\\").Replace("\n", "\\n").Replace("=", "\\=");
}
