namespace InterpLoop.Generators.Model
{
    // The pipeline's model: strings, numbers and equatable arrays only (no ISymbol, SyntaxNode or Location),
    // so each stage's output compares by value and an unchanged spec file is a cache hit.

    /// <summary>One analysed .ilspec file: its diagnostics and its clean hypotheses.</summary>
    public sealed record SpecModel(string Path, EquatableArray<DiagnosticModel> Diagnostics, EquatableArray<HypothesisModel> Hypotheses);

    /// <summary>A spec diagnostic with its place in the file (1-based lines and columns, as the spec library gives them).</summary>
    public sealed record DiagnosticModel(string Id, bool IsError, string Message, string Hint,
        string Path, int Offset, int Length, int Line, int Column, int EndLine, int EndColumn);

    /// <summary>
    /// A clean hypothesis, ready to emit. <c>SpecPath</c> is the AdditionalText's path (what a status lock re-reads at
    /// test time). <c>Budget</c> is the training runs of its `budget` clause, 0 when it has none. <c>Status</c> is the
    /// status as written ("holds", "unknown", "unwitnessed", "refuted by findings/x.json", "witnessed by findings/x.json");
    /// <c>StatusKind</c> is "holds", "refuted", "witnessed", "unwitnessed" or "unknown" (also when the clause is absent)
    /// and <c>Finding</c> the finding path of `refuted by` or `witnessed by`, else "".
    /// Predicates are already compiled to C# expression text: the assume over
    /// <c>this</c> (the config record), the claim over <c>config</c> and the metric dictionaries <c>a</c> (and <c>b</c>).
    /// </summary>
    public sealed record HypothesisModel(
        string SpecPath,
        string Name,
        string TypeName,
        string Scenario,
        string Cite,
        string Quantifier,
        bool Paired,
        int Trials,
        int Budget,
        string Status,
        string StatusKind,
        string Finding,
        string SpecText,
        EquatableArray<AssignmentModel> Fixed,
        EquatableArray<VariedModel> Varied,
        EquatableArray<AssignmentModel> PairedA,
        EquatableArray<AssignmentModel> PairedB,
        string AssumeCode,
        string ClaimCode,
        string ClaimText);

    /// <summary>A parameter set to one value; Value is the C# expression of its <c>ParameterValue</c>.</summary>
    public sealed record AssignmentModel(string Parameter, string ValueCode);

    /// <summary>
    /// A varied parameter. Kind is its C# type: "int", "double", "string", or for a mixed parameter (probe.layer:
    /// an integer or all) <see cref="CSharp.ParameterValueType"/>. Shape is "range" or "set". For a range, Low and
    /// High are C# literals of the type (int literals for a mixed one: a range holds no symbols); for a set, Choices
    /// are C# literals in spec order (for a mixed one, int and string literals, which the emitter wraps).
    /// </summary>
    public sealed record VariedModel(string Parameter, string Property, string Kind, string Shape, string Low, string High, bool Log,
        EquatableArray<string> Choices);
}
