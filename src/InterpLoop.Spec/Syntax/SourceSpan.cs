namespace InterpLoop.Spec.Syntax
{
    /// <summary>
    /// A stretch of a spec file. Lines and columns are 1-based (as editors and compilers print them);
    /// the end is exclusive. Offset and length index the text, for tools that want the raw characters.
    /// </summary>
    public readonly record struct SourceSpan(string File, int Offset, int Length, int Line, int Column, int EndLine, int EndColumn)
    {
        public override string ToString() => $"{File}({Line},{Column})";
    }
}
