using InterpLoop.Spec.Syntax;

namespace InterpLoop.Hunt;

/// <summary>
/// Writes a hunt's verdict into its spec's text as the hypothesis' `status` clause, so what was found is locked by
/// the generated regression test: the existing clause is replaced in place (comments and layout elsewhere are kept),
/// or a clause is added after the hypothesis' last one. A status resting on a budget (`holds`, `unwitnessed`) gets
/// the hunt's budget as a `budget` clause when the hypothesis states none, since its lock re-hunts with it.
/// </summary>
public static class StatusRecorder
{
    /// <param name="status">The status without its keyword, e.g. <c>refuted by "findings/x.json"</c>.</param>
    public static string Record(string text, HypothesisSyntax hypothesis, string status, int budget)
    {
        bool needsBudget = (status == "holds" || status == "unwitnessed") && !hypothesis.Clauses.OfType<BudgetClause>().Any();
        string clause = (needsBudget ? $"budget {budget}\n  " : "") + "status " + status;
        if (hypothesis.Clauses.OfType<StatusClause>().FirstOrDefault() is { } old)
            return text.Substring(0, old.Span.Offset) + clause + text.Substring(old.Span.Offset + old.Span.Length);
        var last = hypothesis.Clauses.OrderBy(c => c.Span.Offset + c.Span.Length).Last();
        int end = last.Span.Offset + last.Span.Length;
        return text.Substring(0, end) + "\n  " + clause + text.Substring(end);
    }
}
