using InterpLoop.Spec.Syntax;

namespace InterpLoop.Spec.Diagnostics
{
    /// <summary>One reported problem: what (ID, message), where (span), how bad, and what to do (hint).</summary>
    public sealed record Diagnostic(string Id, DiagnosticSeverity Severity, SourceSpan Span, string Message, string Hint)
    {
        public static Diagnostic Create(DiagnosticDescriptor descriptor, SourceSpan span, params object[] args) =>
            new Diagnostic(descriptor.Id, descriptor.Severity, span,
                DiagnosticDescriptor.Fill(descriptor.MessageFormat, args), DiagnosticDescriptor.Fill(descriptor.HintFormat, args));

        /// <summary>With a hint specific to this occurrence (a nearest name, the other clause's line) instead of the default one.</summary>
        public Diagnostic WithHint(string hint) => this with { Hint = hint };

        public bool IsError => Severity == DiagnosticSeverity.Error;

        /// <summary>`path(line,col): error IL0007: message`, the shape compilers print and editors link.</summary>
        public override string ToString() =>
            $"{Span.File}({Span.Line},{Span.Column}): {(IsError ? "error" : "warning")} {Id}: {Message}";
    }
}
