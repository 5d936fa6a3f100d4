using System.Collections.Generic;
using System.Linq;
using InterpLoop.Spec.Checking;
using InterpLoop.Spec.Diagnostics;
using InterpLoop.Spec.Syntax;

namespace InterpLoop.Spec
{
    /// <summary>Parse and check in one call: what `interploop check`, the generator and the tests run.</summary>
    public static class SpecAnalysis
    {
        public static (SpecFile File, IReadOnlyList<Diagnostic> Diagnostics) Analyze(string path, string text, SpecCheckOptions options)
        {
            var (file, syntax) = Parser.Parse(path, text);
            var semantic = SpecChecker.Check(file, options);
            return (file, syntax.Concat(semantic).OrderBy(d => d.Span.Offset).ThenBy(d => d.Id).ToList());
        }
    }
}
