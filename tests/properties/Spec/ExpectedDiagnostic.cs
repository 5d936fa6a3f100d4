using System.Text.RegularExpressions;

namespace InterpLoop.Properties.Spec;

/// <summary>
/// A diagnostic a case file expects, written as a comment: `// expect: IL0003 at 4:5 fragment ... fragment`.
/// The fragments must all occur in the message or the hint. A line may hold several `expect:` entries.
/// </summary>
public sealed record ExpectedDiagnostic(string Id, int Line, int Column, IReadOnlyList<string> Fragments)
{
    static readonly Regex Entry = new(@"^\s*(IL\d{4}) at (\d+):(\d+)(.*)$");

    public static IReadOnlyList<ExpectedDiagnostic> Read(string text)
    {
        var expected = new List<ExpectedDiagnostic>();
        foreach (var line in text.Split('\n'))
        {
            int at = line.IndexOf("// expect:", StringComparison.Ordinal);
            if (at < 0) continue;
            foreach (var part in line.Substring(at).Split("expect:").Skip(1))
            {
                var m = Entry.Match(part.TrimEnd().TrimEnd('/').TrimEnd());
                if (!m.Success) throw new FormatException($"malformed expectation: {part}");
                var fragments = m.Groups[4].Value.Split("...").Select(f => f.Trim()).Where(f => f.Length > 0).ToList();
                expected.Add(new ExpectedDiagnostic(m.Groups[1].Value, int.Parse(m.Groups[2].Value), int.Parse(m.Groups[3].Value), fragments));
            }
        }
        return expected;
    }

    public override string ToString() => $"{Id} at {Line}:{Column} {string.Join(" ... ", Fragments)}";
}
