using FsCheck;
using FsCheck.Fluent;
using InterpLoop.Spec;
using InterpLoop.Spec.Catalog;
using InterpLoop.Spec.Checking;
using InterpLoop.Spec.Diagnostics;
using InterpLoop.Spec.Syntax;
using InterpLoop.Properties.Spec.Syntax;

namespace InterpLoop.Properties.Spec;

/// <summary>
/// Lexer, parser and checker never throw, on any text, and every diagnostic points inside the file.
/// Inputs: printed generated specs, mutations of them and of the case files, and random text.
/// </summary>
public class RobustnessProperties
{
    static readonly string[] Seeds = DesignExamples.All
        .Concat(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Spec", "Cases"), "*.ilspec").Select(File.ReadAllText))
        .ToArray();

    static readonly string[] Snippets =
    {
        "{", "}", "[", "]", "(", ")", "..", "\"", "//", "\n", "\r\n", "\t", ",", ":", "=", "==", "<", "-", "1e999", "1e-4", "0",
        "hypothesis ", "claim always ", "budget ", "paired ", " vs ", "status refuted by ", "vary {", "in", " log", "[A]", "not ", " and ",
        "outcome", "penalty.weight", "é", "\0", "\uD83D\uDE00", "\uD800", "#", ".", "\\",
    };

    static Gen<string> Mutated(Gen<string> source) =>
        from text in source
        from count in Gen.Choose(1, 6)
        from edits in Gen.ArrayOf(Edit, count)
        select edits.Aggregate(text, (t, e) => Mutate(t, e.Kind, e.A, e.B, e.Snippet));

    static readonly Gen<(int Kind, int A, int B, string Snippet)> Edit =
        from kind in Gen.Choose(0, 3)
        from a in Gen.Choose(0, 1 << 20)
        from b in Gen.Choose(0, 1 << 20)
        from snippet in Gen.Elements(Snippets)
        select (kind, a, b, snippet);

    static string Mutate(string text, int kind, int a, int b, string snippet)
    {
        int at = text.Length == 0 ? 0 : a % (text.Length + 1);
        int length = Math.Min(text.Length - at, b % 12);
        return kind switch
        {
            0 => text.Remove(at, length),                                 // delete a slice
            1 => text.Insert(at, snippet),                                // insert a token or a bad character
            2 => text.Insert(at, text.Substring(at, length)),             // duplicate a slice
            _ => text.Substring(0, at),                                   // truncate
        };
    }

    static readonly Gen<string> RandomText =
        Gen.ArrayOf(Gen.Elements("ab.z_09 \n\t{}[]()<>=!\"/:,-+*e".ToCharArray())).Select(cs => new string(cs));

    static readonly Gen<string> Input = Gen.Frequency(
        (2, SpecGenerators.File.Select(PrettyPrinter.Print)),
        (3, Mutated(SpecGenerators.File.Select(PrettyPrinter.Print))),
        (4, Mutated(Gen.Elements(Seeds))),
        (1, RandomText));

    static readonly SpecCheckOptions Options = new(new[] { RewardHackingCatalog.Catalog }, path => path.Length % 2 == 0);

    internal static string? Misplaced(Diagnostic d, string path, SourceText source)
    {
        var text = source.Text;
        var s = d.Span;
        if (s.File != path) return $"file {s.File}";
        if (s.Offset < 0 || s.Length < 0 || s.Offset + s.Length > text.Length) return $"offset {s.Offset}+{s.Length} of {text.Length}";
        if (s.Line < 1 || s.Line > source.LineCount || s.EndLine < s.Line || s.EndLine > source.LineCount) return $"line {s.Line}..{s.EndLine} of {source.LineCount}";
        if ((s.Line, s.Column) != source.Position(s.Offset) || (s.EndLine, s.EndColumn) != source.Position(s.Offset + s.Length)) return $"line/column {s.Line}:{s.Column} disagree with offset {s.Offset}";
        if (string.IsNullOrEmpty(d.Message) || !d.Id.StartsWith("IL", StringComparison.Ordinal)) return "empty message or bad ID";
        return null;
    }

    [Fact]
    public void Analysis_never_throws_and_every_location_is_inside_the_file() =>
        Prop.ForAll(Arb.From(Input), text =>
        {
            var (_, diagnostics) = SpecAnalysis.Analyze("fuzz.ilspec", text, Options);
            var source = new SourceText("fuzz.ilspec", text);
            var bad = diagnostics.Select(d => (d, why: Misplaced(d, "fuzz.ilspec", source))).FirstOrDefault(x => x.why != null);
            return (bad.why == null).Label($"{bad.d} is misplaced: {bad.why}\ntext:\n{text}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(10000));

    [Theory]
    [InlineData("(", 100000, "1", ")")]
    [InlineData("not ", 100000, "a", "")]
    [InlineData("-", 100000, "1", "")]
    [InlineData("1 + ", 100000, "1", "")]
    [InlineData("a < 1 or ", 50000, "a", "")]
    public void Deep_or_long_predicates_are_reported_not_a_stack_overflow(string repeated, int times, string middle, string closing)
    {
        var text = "hypothesis h\n  scenario reward_hacking\n  claim always " + string.Concat(Enumerable.Repeat(repeated, times)) + middle +
                   string.Concat(Enumerable.Repeat(closing, times)) + " > 0\n  trials 0\n";
        var (_, diagnostics) = SpecAnalysis.Analyze("deep.ilspec", text, Options);
        Assert.Contains(diagnostics, d => d.Id == "IL0001" && (d.Message.Contains("nested at most") || d.Message.Contains("tokens")));
        Assert.Contains(diagnostics, d => d.Id == "IL0016");   // the clause after it is still checked
    }

    [Fact]
    public void The_empty_file_and_whitespace_have_no_hypotheses_and_no_diagnostics()
    {
        foreach (var text in new[] { "", "\n\n", "  // only a comment\n" })
        {
            var (file, diagnostics) = SpecAnalysis.Analyze("e.ilspec", text, Options);
            Assert.Empty(file.Hypotheses);
            Assert.Empty(diagnostics);
        }
    }
}
