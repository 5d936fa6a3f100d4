using System.Collections.Generic;
using System.Globalization;
using System.Text;
using InterpLoop.Spec.Diagnostics;

namespace InterpLoop.Spec.Syntax
{
    /// <summary>
    /// Splits spec text into tokens. Never fails: a bad character or an unterminated string becomes an
    /// IL0002 diagnostic and lexing goes on, so the parser still sees the rest of the file.
    /// </summary>
    public static class Lexer
    {
        public static (IReadOnlyList<Token> Tokens, IReadOnlyList<Diagnostic> Diagnostics) Lex(SourceText source)
        {
            var text = source.Text;
            var tokens = new List<Token>();
            var diagnostics = new List<Diagnostic>();
            bool atLineStart = true;
            int i = 0;

            void Add(TokenKind kind, int start, double number = 0, string value = "")
            {
                tokens.Add(new Token(kind, text.Substring(start, i - start), source.Span(start, i - start), atLineStart, number, value));
                atLineStart = false;
            }

            while (i < text.Length)
            {
                char c = text[i];
                if (c == '\n') { atLineStart = true; i++; continue; }
                if (char.IsWhiteSpace(c)) { i++; continue; }
                if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
                {
                    while (i < text.Length && text[i] != '\n') i++;
                    continue;
                }
                int start = i;
                if (IsNameStart(c))
                {
                    // A dotted name is one token: penalty.route, probe.recall_final.
                    i++;
                    while (true)
                    {
                        while (i < text.Length && IsNamePart(text[i])) i++;
                        if (i + 1 < text.Length && text[i] == '.' && IsNameStart(text[i + 1])) { i++; continue; }
                        break;
                    }
                    Add(TokenKind.Identifier, start);
                    continue;
                }
                if (char.IsDigit(c))
                {
                    while (i < text.Length && char.IsDigit(text[i])) i++;
                    // "0 .. 10" and "0..10" are ranges: a dot starts a fraction only when a digit follows it.
                    if (i + 1 < text.Length && text[i] == '.' && char.IsDigit(text[i + 1]))
                    {
                        i++;
                        while (i < text.Length && char.IsDigit(text[i])) i++;
                    }
                    if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
                    {
                        int j = i + 1;
                        if (j < text.Length && (text[j] == '+' || text[j] == '-')) j++;
                        if (j < text.Length && char.IsDigit(text[j]))
                        {
                            i = j;
                            while (i < text.Length && char.IsDigit(text[i])) i++;
                        }
                    }
                    var literal = text.Substring(start, i - start);
                    double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var number);
                    if (double.IsInfinity(number))
                    {
                        diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidToken, source.Span(start, i - start),
                            $"number '{literal}' is too large"));
                        number = 0;
                    }
                    Add(TokenKind.Number, start, number);
                    continue;
                }
                if (c == '"')
                {
                    i++;
                    var value = new StringBuilder();
                    bool closed = false;
                    while (i < text.Length && text[i] != '\n')
                    {
                        if (text[i] == '"') { i++; closed = true; break; }
                        if (text[i] == '\\' && i + 1 < text.Length && (text[i + 1] == '"' || text[i + 1] == '\\')) { value.Append(text[i + 1]); i += 2; continue; }
                        value.Append(text[i]); i++;
                    }
                    if (!closed)
                        diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidToken, source.Span(start, i - start),
                            "string is not closed on its line"));
                    Add(TokenKind.String, start, 0, value.ToString().TrimEnd('\r'));
                    continue;
                }
                var kind = Punctuation(text, i, out int length);
                if (kind is TokenKind k)
                {
                    i += length;
                    Add(k, start);
                    continue;
                }
                // Keep a surrogate pair together so the message shows the character the user typed.
                int width = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
                var shown = text.Substring(i, width);
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidToken, source.Span(i, width),
                    char.IsControl(c) ? $"unexpected character U+{(int)c:X4}" : $"unexpected character '{shown}'"));
                i += width;
            }
            tokens.Add(new Token(TokenKind.EndOfFile, "", source.Span(text.Length, 0), true));
            return (tokens, diagnostics);
        }

        static bool IsNameStart(char c) => c == '_' || (c < 128 && char.IsLetter(c));
        static bool IsNamePart(char c) => IsNameStart(c) || (c < 128 && char.IsDigit(c));

        static TokenKind? Punctuation(string text, int i, out int length)
        {
            char c = text[i];
            char next = i + 1 < text.Length ? text[i + 1] : '\0';
            length = 2;
            switch (c)
            {
                case '.' when next == '.': return TokenKind.DotDot;
                case '=' when next == '=': return TokenKind.Equal;
                case '!' when next == '=': return TokenKind.NotEqual;
                case '<' when next == '=': return TokenKind.LessOrEqual;
                case '>' when next == '=': return TokenKind.GreaterOrEqual;
            }
            length = 1;
            switch (c)
            {
                case '{': return TokenKind.LeftBrace;
                case '}': return TokenKind.RightBrace;
                case '[': return TokenKind.LeftBracket;
                case ']': return TokenKind.RightBracket;
                case '(': return TokenKind.LeftParen;
                case ')': return TokenKind.RightParen;
                case ',': return TokenKind.Comma;
                case ':': return TokenKind.Colon;
                case '=': return TokenKind.Assign;
                case '<': return TokenKind.Less;
                case '>': return TokenKind.Greater;
                case '+': return TokenKind.Plus;
                case '-': return TokenKind.Minus;
                case '*': return TokenKind.Star;
                case '/': return TokenKind.Slash;
            }
            length = 0;
            return null;
        }
    }
}
