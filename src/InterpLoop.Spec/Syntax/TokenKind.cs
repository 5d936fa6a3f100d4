namespace InterpLoop.Spec.Syntax
{
    /// <summary>
    /// Token kinds. Keywords are identifiers: the parser reads them by context, so no scenario is ever
    /// barred from naming a parameter or a symbol after a word the language uses elsewhere.
    /// </summary>
    public enum TokenKind
    {
        Identifier, Number, String,
        LeftBrace, RightBrace, LeftBracket, RightBracket, LeftParen, RightParen,
        Comma, Colon, Assign, DotDot,
        Equal, NotEqual, Less, LessOrEqual, Greater, GreaterOrEqual,
        Plus, Minus, Star, Slash,
        EndOfFile,
    }
}
