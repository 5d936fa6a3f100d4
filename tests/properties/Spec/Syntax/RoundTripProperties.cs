using FsCheck;
using FsCheck.Fluent;
using InterpLoop.Spec.Syntax;

namespace InterpLoop.Properties.Spec.Syntax;

/// <summary>Printing a tree and parsing the text gives back the same tree, with no diagnostics.</summary>
public class RoundTripProperties
{
    [Fact]
    public void Pretty_print_then_parse_is_the_identity_on_trees() =>
        Prop.ForAll(Arb.From(SpecGenerators.File), file =>
        {
            var text = PrettyPrinter.Print(file);
            var (parsed, diagnostics) = Parser.Parse("generated.ilspec", text);
            return (diagnostics.Count == 0 && SyntaxDump.Dump(parsed) == SyntaxDump.Dump(file))
                .Label($"text:\n{text}\ndiagnostics: {string.Join("; ", diagnostics)}\nexpected: {SyntaxDump.Dump(file)}\nparsed:   {SyntaxDump.Dump(parsed)}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));

    [Fact]
    public void Printing_a_parsed_design_example_and_reparsing_gives_the_same_tree()
    {
        foreach (var example in DesignExamples.All)
        {
            var (tree, _) = Parser.Parse("d.ilspec", example);
            var (again, diagnostics) = Parser.Parse("d.ilspec", PrettyPrinter.Print(tree));
            Assert.Empty(diagnostics);
            Assert.Equal(SyntaxDump.Dump(tree), SyntaxDump.Dump(again));
        }
    }

    [Theory]
    [InlineData("a - (b - c) > 0", "(Greater (Subtract (name a) (Subtract (name b) (name c))) (num 0))")]
    [InlineData("not a < 1 and b > 2 or c == d", "(Or (And (Not (Less (name a) (num 4607182418800017408))) (Greater (name b) (num 4611686018427387904))) (Equal (name c) (name d)))")]
    [InlineData("1 + 2 * -x >= 3", "(GreaterOrEqual (Add (num 4607182418800017408) (Multiply (num 4611686018427387904) (Negate (name x)))) (num 4613937818241073152))")]
    public void Precedence_is_or_and_not_comparison_additive_multiplicative_unary(string predicate, string expected)
    {
        var (file, diagnostics) = Parser.Parse("p.ilspec", "hypothesis h\n  assume " + predicate + "\n");
        Assert.Empty(diagnostics);
        Assert.Equal(expected, SyntaxDump.Dump(file.Hypotheses[0].Clauses.OfType<AssumeClause>().Single().Condition));
    }
}
