using System.Text.Json.Nodes;
using InterpLoop.Spec;
using InterpLoop.Hunt;

namespace InterpLoop.Cli;

/// <summary>
/// One hunted hypothesis as the verdict table and the report read it: the hypothesis as the spec states it and
/// its hunt as <see cref="HuntJson"/> (from this process or a worker's), and what status the verdict supports.
/// </summary>
internal sealed record HuntedHypothesis(Hypothesis Hypothesis, JsonObject Result)
{
    public string Verdict => (string)Result["verdict"]!;
    public int Runs => (int)Result["runs"]!;
    public int Budget => (int)Result["budget"]!;
    public int RunsFromStore => (int)Result["runs_from_store"]!;
    public string? Finding => (string?)Result["finding"];

    /// <summary>The verdict as data: the worker's JSON carries its text.</summary>
    HuntVerdict VerdictValue => HuntVerdicts.Parse(Verdict) ?? throw new FormatException($"the hunt of {Hypothesis.Name} reported an unknown verdict '{Verdict}'");

    /// <summary>The status clause this verdict supports; a fragile result supports none (it is not yet evidence either way).</summary>
    public string? SupportedStatus => StatusVerdicts.Supported(VerdictValue, Finding);

    public string RecordedStatus => Hypothesis.Status is { } s ? s.Text : "unknown";

    /// <summary>Whether the verdict contradicts a recorded status (an unknown one contradicts nothing).</summary>
    public bool ContradictsRecord => StatusVerdicts.Contradicts(Hypothesis, VerdictValue);

    /// <summary>The shrunk counterexample or witness in one line: the varied values, then the outcome(s) on the seed shown.</summary>
    public string? Example
    {
        get
        {
            if (Result["counterexample"] is not JsonObject c) return null;
            var varied = ((JsonObject)c["varied"]!).Select(kv => $"{kv.Key}={Value(kv.Value)}");
            string outcome = (string)c["outcome"]! + (c["outcome_b"] is JsonNode b ? $" vs {(string)b!}" : "");
            string values = string.Join(" ", varied);
            return (values.Length == 0 ? "" : values + " → ") + $"{outcome} (seed {(long)c["seed"]!})";
        }
    }

    /// <summary>Reproduced / fresh seeds with the Wilson 95% interval, or null when nothing was found.</summary>
    public string? Reproduction
    {
        get
        {
            if (Result["counterexample"]?["reproduction"] is not JsonObject r) return null;
            return string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{(int)r["reproduced"]!}/{(int)r["trials"]!} (95% CI {(double)r["wilson95_low"]!:0.00}–{(double)r["wilson95_high"]!:0.00})");
        }
    }

    static string Value(JsonNode? v) => v is JsonValue j && j.TryGetValue<double>(out var d)
        ? d.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)
        : v?.ToString() ?? "";
}
