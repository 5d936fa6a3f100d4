namespace InterpLoop.Spec.Diagnostics
{
    /// <summary>How bad a diagnostic is. Any error makes `interploop check` exit 1 and the generator fail the build.</summary>
    public enum DiagnosticSeverity { Warning, Error }
}
