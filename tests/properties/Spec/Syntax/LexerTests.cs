using InterpLoop.Spec.Syntax;

namespace InterpLoop.Properties.Spec.Syntax;

/// <summary>The token boundaries the grammar relies on: dotted names, ranges without spaces, exponents, line starts.</summary>
public class LexerTests
{
    static IReadOnlyList<Token> Lex(string text) => Lexer.Lex(new SourceText("l.ilspec", text)).Tokens;

    [Theory]
    [InlineData("probe.recall_final", "Identifier:probe.recall_final")]
    [InlineData("0..10", "Number:0 DotDot:.. Number:10")]
    [InlineData("1e-4 .. 1 log", "Number:1e-4 DotDot:.. Number:1 Identifier:log")]
    [InlineData("2.5E+3", "Number:2.5E+3")]
    [InlineData("1e", "Number:1 Identifier:e")]
    [InlineData("x[A]>=-3", "Identifier:x LeftBracket:[ Identifier:A RightBracket:] GreaterOrEqual:>= Minus:- Number:3")]
    [InlineData("a.b. c", "Identifier:a.b")]
    [InlineData("x // y == z", "Identifier:x")]
    public void Text_splits_into_the_expected_tokens(string text, string expected)
    {
        var tokens = Lex(text).Where(t => t.Kind != TokenKind.EndOfFile).Select(t => $"{t.Kind}:{t.Text}");
        Assert.StartsWith(expected, string.Join(" ", tokens));
    }

    [Fact]
    public void Numbers_and_strings_carry_their_values()
    {
        var tokens = Lex("1e-4 \"say \\\"hi\\\" \\\\ ok\"");
        Assert.Equal(1e-4, tokens[0].Number);
        Assert.Equal("say \"hi\" \\ ok", tokens[1].Value);
    }

    [Fact]
    public void The_first_token_of_each_line_is_marked()
    {
        var tokens = Lex("a b\n  c // d\n\n e");
        Assert.Equal(new[] { true, false, true, true, true }, tokens.Select(t => t.AtLineStart));
        Assert.Equal((4, 2), (tokens[3].Span.Line, tokens[3].Span.Column));
    }

    [Fact]
    public void Bad_characters_are_reported_and_skipped()
    {
        var (tokens, diagnostics) = Lexer.Lex(new SourceText("l.ilspec", "a # b \u00e9"));
        Assert.Equal(new[] { "a", "b", "" }, tokens.Select(t => t.Text));
        Assert.Equal(new[] { (1, 3), (1, 7) }, diagnostics.Select(d => (d.Span.Line, d.Span.Column)));
        Assert.All(diagnostics, d => Assert.Equal("IL0002", d.Id));
    }
}
