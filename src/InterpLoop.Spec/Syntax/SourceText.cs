using System.Collections.Generic;

namespace InterpLoop.Spec.Syntax
{
    /// <summary>A spec file's text with its line starts, so any offset maps to a line and column.</summary>
    public sealed class SourceText
    {
        readonly List<int> _lineStarts = new List<int> { 0 };

        public SourceText(string file, string text)
        {
            File = file; Text = text;
            for (int i = 0; i < text.Length; i++)
                if (text[i] == '\n') _lineStarts.Add(i + 1);
        }

        public string File { get; }
        public string Text { get; }
        public int LineCount => _lineStarts.Count;

        public (int Line, int Column) Position(int offset)
        {
            if (offset < 0) offset = 0;
            if (offset > Text.Length) offset = Text.Length;
            int lo = 0, hi = _lineStarts.Count - 1;
            while (lo < hi)
            {
                int mid = (lo + hi + 1) / 2;
                if (_lineStarts[mid] <= offset) lo = mid; else hi = mid - 1;
            }
            return (lo + 1, offset - _lineStarts[lo] + 1);
        }

        public SourceSpan Span(int offset, int length)
        {
            var (line, column) = Position(offset);
            var (endLine, endColumn) = Position(offset + length);
            return new SourceSpan(File, offset, length, line, column, endLine, endColumn);
        }

        /// <summary>The span covering both, for a node built from its first and last tokens.</summary>
        public static SourceSpan Cover(SourceSpan first, SourceSpan last) =>
            new SourceSpan(first.File, first.Offset, last.Offset + last.Length - first.Offset, first.Line, first.Column, last.EndLine, last.EndColumn);
    }
}
