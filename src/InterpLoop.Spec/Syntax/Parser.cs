using System.Collections.Generic;
using System.Linq;
using InterpLoop.Spec.Catalog;
using InterpLoop.Spec.Diagnostics;

namespace InterpLoop.Spec.Syntax
{
    /// <summary>
    /// Recursive-descent parser. On a syntax error it reports IL0001, drops the broken clause (or block item)
    /// and resumes at the next clause keyword that starts a line (or the next item of a block), so one pass
    /// reports every error. It returns the tree and the diagnostics; it never throws on bad input.
    /// </summary>
    public sealed class Parser
    {
        static readonly HashSet<string> ClauseKeywords = new HashSet<string> { "hypothesis", "cite", "scenario", "vary", "assume", "trials", "budget", "claim", "status" };
        const string ClauseList = "a clause (cite, scenario, vary, assume, trials, budget, claim, status)";

        readonly SourceText _source;
        readonly IReadOnlyList<Token> _tokens;
        readonly List<Diagnostic> _diagnostics = new List<Diagnostic>();
        int _position;

        Parser(SourceText source, IReadOnlyList<Token> tokens) { _source = source; _tokens = tokens; }

        public static (SpecFile File, IReadOnlyList<Diagnostic> Diagnostics) Parse(string path, string text)
        {
            var source = new SourceText(path, text);
            var (tokens, lexical) = Lexer.Lex(source);
            var parser = new Parser(source, tokens);
            var file = parser.ParseFile();
            return (file, lexical.Concat(parser._diagnostics).OrderBy(d => d.Span.Offset).ToList());
        }

        Token Current => _tokens[_position];
        Token Previous => _tokens[_position > 0 ? _position - 1 : 0];
        bool AtEnd => Current.Kind == TokenKind.EndOfFile;
        Token Advance() { var t = Current; if (!AtEnd) _position++; return t; }
        static bool IsClauseStart(Token t) => t.AtLineStart && t.Kind == TokenKind.Identifier && ClauseKeywords.Contains(t.Text);

        void Error(string expected, string? hint = null)
        {
            var d = Diagnostic.Create(DiagnosticDescriptors.SyntaxError, Current.Span, expected, Current.Describe());
            _diagnostics.Add(hint == null ? d : d.WithHint(hint));
        }

        bool Expect(TokenKind kind, string expected)
        {
            if (Current.Kind == kind) { Advance(); return true; }
            Error(expected);
            return false;
        }

        bool ExpectKeyword(string keyword)
        {
            if (Current.Is(keyword)) { Advance(); return true; }
            Error($"'{keyword}'");
            return false;
        }

        /// <summary>Skips to the next line-start clause keyword: the resynchronisation point after a broken clause.</summary>
        void Recover()
        {
            while (!AtEnd && !IsClauseStart(Current)) Advance();
        }

        SpecFile ParseFile()
        {
            var hypotheses = new List<HypothesisSyntax>();
            while (!AtEnd)
            {
                if (Current.Is("hypothesis"))
                {
                    var h = ParseHypothesis();
                    if (h != null) hypotheses.Add(h);
                    continue;
                }
                Error("'hypothesis'");
                Advance();
                while (!AtEnd && !(Current.Is("hypothesis") && Current.AtLineStart)) Advance();
            }
            return new SpecFile(_source.File, hypotheses);
        }

        HypothesisSyntax? ParseHypothesis()
        {
            var keyword = Advance();
            Token? name = null;
            if (Current.Kind == TokenKind.Identifier && !IsClauseStart(Current)) name = Advance();
            else Error("a hypothesis name, e.g. atlas.kl_yields_honesty");
            var clauses = new List<ClauseSyntax>();
            var broken = new List<string>();
            while (!AtEnd && !Current.Is("hypothesis"))
            {
                if (Current.Kind == TokenKind.Identifier && ClauseKeywords.Contains(Current.Text))
                {
                    var clauseKeyword = Current.Text;
                    var clause = ParseClause();
                    if (clause != null) clauses.Add(clause);
                    else { broken.Add(clauseKeyword); Recover(); }
                    continue;
                }
                Error(ClauseList);
                Advance();
                Recover();
            }
            if (name == null) return null;
            return new HypothesisSyntax(name.Text, name.Span, clauses, SourceText.Cover(keyword.Span, Previous.Span)) { BrokenClauses = broken };
        }

        ClauseSyntax? ParseClause()
        {
            var keyword = Advance();
            switch (keyword.Text)
            {
                case "cite":
                    if (Current.Kind != TokenKind.String) { Error("a quoted citation, e.g. cite \"Author 2026, Title\""); return null; }
                    var text = Advance();
                    return new CiteClause(text.Value, SourceText.Cover(keyword.Span, text.Span));
                case "scenario": return ParseScenario(keyword);
                case "vary": return ParseVary(keyword);
                case "assume":
                    var condition = ParseExpression();
                    return condition == null ? null : new AssumeClause(condition, SourceText.Cover(keyword.Span, Previous.Span));
                case "trials":
                    var count = ParseValue("a number of trials, e.g. trials 3");
                    return count == null ? null : new TrialsClause(count, SourceText.Cover(keyword.Span, count.Span));
                case "budget":
                    var runs = ParseValue("a number of training runs, e.g. budget 24");
                    return runs == null ? null : new BudgetClause(runs, SourceText.Cover(keyword.Span, runs.Span));
                case "claim": return ParseClaim(keyword);
                case "status": return ParseStatus(keyword);
                default:
                    // A `hypothesis` keyword reaches here only from inside a clause loop that already stopped on it.
                    Error(ClauseList);
                    return null;
            }
        }

        ScenarioClause? ParseScenario(Token keyword)
        {
            if (Current.Kind != TokenKind.Identifier || IsClauseStart(Current)) { Error("a scenario name, e.g. reward_hacking"); return null; }
            var name = Advance();
            var assignments = Current.Kind == TokenKind.LeftBrace ? ParseBlock(ParseAssignment) : new List<AssignmentSyntax>();
            return new ScenarioClause(name.Text, name.Span, assignments, SourceText.Cover(keyword.Span, Previous.Span));
        }

        VaryClause? ParseVary(Token keyword)
        {
            if (Current.Kind != TokenKind.LeftBrace) { Error("'{' after vary"); return null; }
            var items = ParseBlock(ParseVaryItem);
            return new VaryClause(items, SourceText.Cover(keyword.Span, Previous.Span));
        }

        /// <summary>
        /// `{ item item … }`, items separated by newlines, spaces or commas. A broken item is skipped to the end
        /// of its line (or the closing brace), so the block's other items are still parsed and checked.
        /// </summary>
        List<T> ParseBlock<T>(System.Func<T?> parseItem) where T : class
        {
            var items = new List<T>();
            Advance();
            while (true)
            {
                while (Current.Kind == TokenKind.Comma) Advance();
                if (Current.Kind == TokenKind.RightBrace) { Advance(); return items; }
                if (AtEnd || IsClauseStart(Current)) { Error("'}'"); return items; }
                int before = _position;
                var item = parseItem();
                if (item != null) { items.Add(item); continue; }
                if (_position == before) Advance();
                while (!AtEnd && Current.Kind != TokenKind.RightBrace && !Current.AtLineStart) Advance();
            }
        }

        AssignmentSyntax? ParseAssignment()
        {
            if (Current.Kind != TokenKind.Identifier) { Error("a parameter name"); return null; }
            var name = Advance();
            if (!Expect(TokenKind.Assign, "'=' after " + name.Text)) return null;
            var value = ParseValue("a value for " + name.Text);
            return value == null ? null : new AssignmentSyntax(name.Text, name.Span, value);
        }

        VaryItemSyntax? ParseVaryItem()
        {
            if (Current.Kind != TokenKind.Identifier) { Error("a parameter name"); return null; }
            var name = Advance();
            if (!ExpectKeyword("in")) return null;
            if (Current.Kind == TokenKind.LeftBrace)
            {
                var open = Current;
                var values = ParseValueSet();
                return values == null ? null : new VaryItemSyntax(name.Text, name.Span, new SetDomain(values, SourceText.Cover(open.Span, Previous.Span)));
            }
            var low = ParseValue($"a range 'low .. high' or a set '{{ a, b }}' for {name.Text}");
            if (low == null) return null;
            if (!Expect(TokenKind.DotDot, "'..' in a range")) return null;
            var high = ParseValue("the high end of the range");
            if (high == null) return null;
            bool log = false;
            if (Current.Is("log")) { Advance(); log = true; }
            return new VaryItemSyntax(name.Text, name.Span, new RangeDomain(low, high, log, SourceText.Cover(low.Span, Previous.Span)));
        }

        List<ValueSyntax>? ParseValueSet()
        {
            Advance();
            var values = new List<ValueSyntax>();
            if (Current.Kind == TokenKind.RightBrace) { Advance(); return values; }
            while (true)
            {
                var v = ParseValue("a value");
                if (v == null) return null;
                values.Add(v);
                if (Current.Kind == TokenKind.Comma) { Advance(); continue; }
                if (Current.Kind == TokenKind.RightBrace) { Advance(); return values; }
                Error("',' or '}'");
                return null;
            }
        }

        /// <summary>A literal: an optionally negative number, or a symbol.</summary>
        ValueSyntax? ParseValue(string expected)
        {
            var first = Current;
            // A value sits on its name's line: a name on the next line is the next item, not this value.
            if (first.AtLineStart) { Error(expected); return null; }
            if (first.Kind == TokenKind.Identifier && !IsClauseStart(first))
            {
                Advance();
                return new ValueSyntax(ParameterValue.Of(first.Text), first.Text, first.Span);
            }
            bool negative = first.Kind == TokenKind.Minus;
            if (negative) Advance();
            if (Current.Kind != TokenKind.Number) { Error(expected); return null; }
            var number = Advance();
            return new ValueSyntax(ParameterValue.Of(negative ? -number.Number : number.Number),
                (negative ? "-" : "") + number.Text, SourceText.Cover(first.Span, number.Span));
        }

        ClaimClause? ParseClaim(Token keyword)
        {
            ClaimQuantifier quantifier;
            if (Current.Is("always")) quantifier = ClaimQuantifier.Always;
            else if (Current.Is("sometimes")) quantifier = ClaimQuantifier.Sometimes;
            else { Error("'always' or 'sometimes'"); return null; }
            Advance();
            PairingSyntax? pairing = null;
            if (Current.Is("paired"))
            {
                var start = Advance();
                var a = ParseAssignmentList();
                if (a == null || !ExpectKeyword("vs")) return null;
                var b = ParseAssignmentList();
                if (b == null) return null;
                pairing = new PairingSyntax(a, b, SourceText.Cover(start.Span, Previous.Span));
                if (!Expect(TokenKind.Colon, "':' before the paired claim's condition")) return null;
            }
            var condition = ParseExpression();
            return condition == null ? null : new ClaimClause(quantifier, pairing, condition, SourceText.Cover(keyword.Span, Previous.Span));
        }

        List<AssignmentSyntax>? ParseAssignmentList()
        {
            var list = new List<AssignmentSyntax>();
            while (true)
            {
                var a = ParseAssignment();
                if (a == null) return null;
                list.Add(a);
                if (Current.Kind != TokenKind.Comma) return list;
                Advance();
            }
        }

        StatusClause? ParseStatus(Token keyword)
        {
            var word = Current;
            var bare = word.Is("holds") ? StatusKind.Holds : word.Is("unknown") ? StatusKind.Unknown : word.Is("unwitnessed") ? StatusKind.Unwitnessed : (StatusKind?)null;
            if (bare != null)
            {
                Advance();
                return new StatusClause(bare.Value, "", word.Span, SourceText.Cover(keyword.Span, word.Span));
            }
            if (!word.Is("refuted") && !word.Is("witnessed"))
            {
                Error("'holds', 'unknown', 'unwitnessed', 'refuted by \"findings/….json\"' or 'witnessed by \"findings/….json\"'");
                return null;
            }
            Advance();
            if (!ExpectKeyword("by")) return null;
            if (Current.Kind != TokenKind.String)
            {
                Error("a quoted finding path", $"write the path in quotes: {word.Text} by \"findings/name.json\"");
                return null;
            }
            var path = Advance();
            return new StatusClause(word.Is("refuted") ? StatusKind.Refuted : StatusKind.Witnessed, path.Value, path.Span, SourceText.Cover(keyword.Span, path.Span));
        }

        // Expressions, loosest first: or, and, not, comparison / in, + -, * /, unary -, primary.

        // Bounds that keep every later recursive pass (checker, evaluator, printer) far from the stack's limit,
        // so no input, however deep or long, can crash the process.
        const int MaxNesting = 64, MaxExpressionTokens = 2000;
        int _nesting;

        ExpressionSyntax? ParseExpression()
        {
            int start = _position;
            _nesting = 0;
            var e = ParseOr();
            if (e != null && _position - start > MaxExpressionTokens)
            {
                _diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.SyntaxError, e.Span, $"a predicate of at most {MaxExpressionTokens} tokens", $"one of {_position - start}"));
                return null;
            }
            return e;
        }

        bool Deeper()
        {
            if (++_nesting <= MaxNesting) return true;
            Error($"a predicate nested at most {MaxNesting} deep");
            return false;
        }

        ExpressionSyntax? ParseOr()
        {
            var left = ParseAnd();
            while (left != null && Current.Is("or"))
            {
                Advance();
                var right = ParseAnd();
                if (right == null) return null;
                left = new BinaryExpression(BinaryOperator.Or, left, right, SourceText.Cover(left.Span, right.Span));
            }
            return left;
        }

        ExpressionSyntax? ParseAnd()
        {
            var left = ParseNot();
            while (left != null && Current.Is("and"))
            {
                Advance();
                var right = ParseNot();
                if (right == null) return null;
                left = new BinaryExpression(BinaryOperator.And, left, right, SourceText.Cover(left.Span, right.Span));
            }
            return left;
        }

        ExpressionSyntax? ParseNot()
        {
            if (!Current.Is("not")) return ParseComparison();
            var not = Advance();
            if (!Deeper()) return null;
            var operand = ParseNot();
            _nesting--;
            return operand == null ? null : new UnaryExpression(UnaryOperator.Not, operand, SourceText.Cover(not.Span, operand.Span));
        }

        static BinaryOperator? ComparisonOperator(TokenKind kind) => kind switch
        {
            TokenKind.Equal => BinaryOperator.Equal,
            TokenKind.NotEqual => BinaryOperator.NotEqual,
            TokenKind.Less => BinaryOperator.Less,
            TokenKind.LessOrEqual => BinaryOperator.LessOrEqual,
            TokenKind.Greater => BinaryOperator.Greater,
            TokenKind.GreaterOrEqual => BinaryOperator.GreaterOrEqual,
            _ => null,
        };

        ExpressionSyntax? ParseComparison()
        {
            var left = ParseAdditive();
            if (left == null) return null;
            ExpressionSyntax result;
            if (ComparisonOperator(Current.Kind) is BinaryOperator op)
            {
                Advance();
                var right = ParseAdditive();
                if (right == null) return null;
                result = new BinaryExpression(op, left, right, SourceText.Cover(left.Span, right.Span));
            }
            else if (Current.Is("in"))
            {
                Advance();
                if (Current.Kind != TokenKind.LeftBrace) { Error("'{' after in"); return null; }
                var elements = ParseElementSet();
                if (elements == null) return null;
                result = new InExpression(left, elements, SourceText.Cover(left.Span, Previous.Span));
            }
            else return left;
            if (ComparisonOperator(Current.Kind) != null || Current.Is("in"))
            {
                Error("'and' or 'or'", "comparisons do not chain: write a < b and b < c");
                return null;
            }
            return result;
        }

        List<ExpressionSyntax>? ParseElementSet()
        {
            Advance();
            var elements = new List<ExpressionSyntax>();
            if (Current.Kind == TokenKind.RightBrace) { Advance(); return elements; }
            while (true)
            {
                var v = ParseValue("a number or a symbol");
                if (v == null) return null;
                elements.Add(v.Value.IsSymbol ? new NameExpression(v.Text, v.Span) : new NumberExpression(v.Value.Number, v.Span));
                if (Current.Kind == TokenKind.Comma) { Advance(); continue; }
                if (Current.Kind == TokenKind.RightBrace) { Advance(); return elements; }
                Error("',' or '}'");
                return null;
            }
        }

        ExpressionSyntax? ParseAdditive()
        {
            var left = ParseMultiplicative();
            while (left != null && (Current.Kind == TokenKind.Plus || Current.Kind == TokenKind.Minus))
            {
                var op = Advance().Kind == TokenKind.Plus ? BinaryOperator.Add : BinaryOperator.Subtract;
                var right = ParseMultiplicative();
                if (right == null) return null;
                left = new BinaryExpression(op, left, right, SourceText.Cover(left.Span, right.Span));
            }
            return left;
        }

        ExpressionSyntax? ParseMultiplicative()
        {
            var left = ParseUnary();
            while (left != null && (Current.Kind == TokenKind.Star || Current.Kind == TokenKind.Slash))
            {
                var op = Advance().Kind == TokenKind.Star ? BinaryOperator.Multiply : BinaryOperator.Divide;
                var right = ParseUnary();
                if (right == null) return null;
                left = new BinaryExpression(op, left, right, SourceText.Cover(left.Span, right.Span));
            }
            return left;
        }

        ExpressionSyntax? ParseUnary()
        {
            if (Current.Kind != TokenKind.Minus) return ParsePrimary();
            var minus = Advance();
            if (!Deeper()) return null;
            var operand = ParseUnary();
            _nesting--;
            return operand == null ? null : new UnaryExpression(UnaryOperator.Negate, operand, SourceText.Cover(minus.Span, operand.Span));
        }

        static readonly HashSet<string> Reserved = new HashSet<string> { "and", "or", "not", "in" };

        ExpressionSyntax? ParsePrimary()
        {
            var t = Current;
            switch (t.Kind)
            {
                case TokenKind.Number:
                    Advance();
                    return new NumberExpression(t.Number, t.Span);
                case TokenKind.LeftParen:
                    Advance();
                    if (!Deeper()) return null;
                    var inner = ParseOr();
                    _nesting--;
                    if (inner == null || !Expect(TokenKind.RightParen, "')'")) return null;
                    return inner;
                case TokenKind.Identifier when !IsClauseStart(t) && !Reserved.Contains(t.Text):
                    Advance();
                    if (Current.Kind != TokenKind.LeftBracket) return new NameExpression(t.Text, t.Span);
                    Advance();
                    var side = Current;
                    if (!(side.Is("A") || side.Is("B"))) { Error("A or B (the runs of a paired claim)"); return null; }
                    Advance();
                    if (!Expect(TokenKind.RightBracket, "']'")) return null;
                    return new IndexedExpression(t.Text, side.Text == "A" ? PairedRun.A : PairedRun.B, t.Span, SourceText.Cover(t.Span, Previous.Span));
                default:
                    Error("a metric, parameter, number or '('");
                    return null;
            }
        }
    }
}
