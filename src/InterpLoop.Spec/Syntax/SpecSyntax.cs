using System.Collections.Generic;
using InterpLoop.Spec.Catalog;

namespace InterpLoop.Spec.Syntax
{
    /// <summary>A parsed spec file: its hypotheses in order. Every node carries its span in the file.</summary>
    public sealed record SpecFile(string Path, IReadOnlyList<HypothesisSyntax> Hypotheses);

    /// <summary>
    /// `hypothesis NAME` and its clauses, in the order written (the checker enforces which may repeat).
    /// <see cref="BrokenClauses"/> names clauses dropped for a syntax error, so the checker does not also call them missing.
    /// </summary>
    public sealed record HypothesisSyntax(string Name, SourceSpan NameSpan, IReadOnlyList<ClauseSyntax> Clauses, SourceSpan Span)
    {
        public IReadOnlyList<string> BrokenClauses { get; init; } = new string[0];
    }

    /// <summary>A clause; its span starts at its keyword, which is where a duplicate-clause error points.</summary>
    public abstract record ClauseSyntax(SourceSpan Span)
    {
        public abstract string Keyword { get; }
    }

    public sealed record CiteClause(string Text, SourceSpan Span) : ClauseSyntax(Span)
    {
        public override string Keyword => "cite";
    }

    /// <summary>`scenario NAME { name = value … }`: the family and its fixed knobs.</summary>
    public sealed record ScenarioClause(string Scenario, SourceSpan ScenarioSpan, IReadOnlyList<AssignmentSyntax> Fixed, SourceSpan Span) : ClauseSyntax(Span)
    {
        public override string Keyword => "scenario";
    }

    public sealed record VaryClause(IReadOnlyList<VaryItemSyntax> Items, SourceSpan Span) : ClauseSyntax(Span)
    {
        public override string Keyword => "vary";
    }

    public sealed record AssumeClause(ExpressionSyntax Condition, SourceSpan Span) : ClauseSyntax(Span)
    {
        public override string Keyword => "assume";
    }

    public sealed record TrialsClause(ValueSyntax Count, SourceSpan Span) : ClauseSyntax(Span)
    {
        public override string Keyword => "trials";
    }

    /// <summary>
    /// `budget N`: the training runs a hunt of the hypothesis spends by default, and the runs the regression test
    /// of `status holds` spends re-hunting it.
    /// </summary>
    public sealed record BudgetClause(ValueSyntax Count, SourceSpan Span) : ClauseSyntax(Span)
    {
        public override string Keyword => "budget";
    }

    public enum ClaimQuantifier { Always, Sometimes }

    /// <summary>`claim always|sometimes [paired A vs B:] P`.</summary>
    public sealed record ClaimClause(ClaimQuantifier Quantifier, PairingSyntax? Pairing, ExpressionSyntax Condition, SourceSpan Span) : ClauseSyntax(Span)
    {
        public override string Keyword => "claim";
    }

    /// <summary>The two runs of a differential claim: assignments that make run A and run B.</summary>
    public sealed record PairingSyntax(IReadOnlyList<AssignmentSyntax> A, IReadOnlyList<AssignmentSyntax> B, SourceSpan Span);

    /// <summary>
    /// What a hunt established. An `always` claim holds (no counterexample within the budget) or is refuted by a
    /// finding; a `sometimes` claim is witnessed by a finding or unwitnessed (no witness within the budget).
    /// </summary>
    public enum StatusKind { Holds, Refuted, Unknown, Witnessed, Unwitnessed }

    /// <summary>
    /// `status holds | unknown | unwitnessed | refuted by "findings/x.json" | witnessed by "findings/x.json"`;
    /// the finding path is a quoted string.
    /// </summary>
    public sealed record StatusClause(StatusKind Kind, string Finding, SourceSpan FindingSpan, SourceSpan Span) : ClauseSyntax(Span)
    {
        public override string Keyword => "status";

        /// <summary>Whether the status names a finding file (`refuted by`, `witnessed by`).</summary>
        public bool NamesFinding => Kind == StatusKind.Refuted || Kind == StatusKind.Witnessed;

        /// <summary>Whether the status rests on a hunt that found nothing within the spec's budget (`holds`, `unwitnessed`).</summary>
        public bool RestsOnBudget => Kind == StatusKind.Holds || Kind == StatusKind.Unwitnessed;

        /// <summary>The status as written, e.g. `refuted by "findings/x.json"` (without the keyword).</summary>
        public string Text => Kind switch
        {
            StatusKind.Refuted => "refuted by " + PrettyPrinter.Quote(Finding),
            StatusKind.Witnessed => "witnessed by " + PrettyPrinter.Quote(Finding),
            _ => Kind.ToString().ToLowerInvariant(),
        };
    }

    public sealed record AssignmentSyntax(string Parameter, SourceSpan ParameterSpan, ValueSyntax Value);

    /// <summary>A literal: a number or a symbol, with the text the user wrote (messages quote it).</summary>
    public sealed record ValueSyntax(ParameterValue Value, string Text, SourceSpan Span);

    public sealed record VaryItemSyntax(string Parameter, SourceSpan ParameterSpan, DomainSyntax Domain);

    public abstract record DomainSyntax(SourceSpan Span);

    /// <summary>`lo .. hi [log]`: inclusive bounds; log samples uniformly in log space.</summary>
    public sealed record RangeDomain(ValueSyntax Low, ValueSyntax High, bool Log, SourceSpan Span) : DomainSyntax(Span);

    /// <summary>`{ a, b, … }`: a finite set of values.</summary>
    public sealed record SetDomain(IReadOnlyList<ValueSyntax> Values, SourceSpan Span) : DomainSyntax(Span);
}
