using System.Globalization;

namespace InterpLoop.Spec.Diagnostics
{
    /// <summary>
    /// The fixed part of a diagnostic: a stable ID, a title, and message and hint formats filled with the
    /// user's own names and values ({0}, {1}, … as <see cref="string.Format(string, object[])"/>).
    /// </summary>
    public sealed class DiagnosticDescriptor
    {
        public DiagnosticDescriptor(string id, string title, DiagnosticSeverity severity, string messageFormat, string hintFormat)
        {
            Id = id; Title = title; Severity = severity; MessageFormat = messageFormat; HintFormat = hintFormat;
        }

        public string Id { get; }
        public string Title { get; }
        public DiagnosticSeverity Severity { get; }
        public string MessageFormat { get; }
        /// <summary>The default hint; a check may pass a sharper one (e.g. the nearest valid name).</summary>
        public string HintFormat { get; }

        internal static string Fill(string format, object[] args) =>
            args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args);
    }
}
