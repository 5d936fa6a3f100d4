namespace InterpLoop.Spec.Syntax
{
    /// <summary>
    /// One token. <see cref="AtLineStart"/> marks the first token of a line: the parser recovers from an
    /// error at the next clause keyword that starts a line. <see cref="Value"/> is a string literal's
    /// content; <see cref="Number"/> a number literal's value.
    /// </summary>
    public sealed record Token(TokenKind Kind, string Text, SourceSpan Span, bool AtLineStart, double Number = 0, string Value = "")
    {
        public bool Is(string keyword) => Kind == TokenKind.Identifier && Text == keyword;

        public string Describe() => Kind switch
        {
            TokenKind.EndOfFile => "end of file",
            TokenKind.String => "a string",
            TokenKind.Number => $"number '{Text}'",
            TokenKind.Identifier => $"'{Text}'",
            _ => $"'{Text}'",
        };
    }
}
