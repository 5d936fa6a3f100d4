using System.Collections.Generic;

namespace InterpLoop.Spec.Diagnostics
{
    /// <summary>
    /// Every diagnostic the spec language reports, in one place. IDs are stable: a retired check keeps its
    /// number unused, and a new check takes the next one, so tools and docs can link to an ID for ever.
    /// </summary>
    public static class DiagnosticDescriptors
    {
        const DiagnosticSeverity Error = DiagnosticSeverity.Error;

        public static readonly DiagnosticDescriptor SyntaxError = new DiagnosticDescriptor("IL0001", "Syntax error", Error,
            "expected {0}, found {1}", "see docs/spec-language.md for the shape of each clause");

        public static readonly DiagnosticDescriptor InvalidToken = new DiagnosticDescriptor("IL0002", "Invalid character, string or number", Error,
            "{0}", "strings are \"…\" on one line; numbers are like 3, 0.5 or 1e-4; comments start with //");

        public static readonly DiagnosticDescriptor UnknownParameter = new DiagnosticDescriptor("IL0003", "Unknown parameter", Error,
            "unknown parameter '{0}' of scenario {1}", "'interploop run --list' prints every parameter");

        public static readonly DiagnosticDescriptor UnknownScenario = new DiagnosticDescriptor("IL0004", "Unknown scenario", Error,
            "unknown scenario '{0}'", "known scenarios: {1}");

        public static readonly DiagnosticDescriptor UnknownName = new DiagnosticDescriptor("IL0005", "Unknown metric or parameter", Error,
            "unknown metric or parameter '{0}' of scenario {1}", "'interploop run --list' prints every parameter and metric");

        public static readonly DiagnosticDescriptor WrongType = new DiagnosticDescriptor("IL0006", "Value of the wrong type", Error,
            "{0} = {1} has the wrong type: {0} takes {2}", "{0} takes {2}; its default is {3}");

        public static readonly DiagnosticDescriptor OutsideDomain = new DiagnosticDescriptor("IL0007", "Value outside the parameter's domain", Error,
            "{0} = {1} is outside its domain: {0} takes {2}", "{0} takes {2}; its default is {3}");

        public static readonly DiagnosticDescriptor EmptyRange = new DiagnosticDescriptor("IL0008", "Empty or inverted range", Error,
            "{0} varies over {1}, which is empty", "write the range low .. high with low < high; to fix a single value, assign it in the scenario block");

        public static readonly DiagnosticDescriptor LogRangeNotPositive = new DiagnosticDescriptor("IL0009", "Log range including zero or less", Error,
            "log range {1} .. {2} of {0} includes values ≤ 0", "a log scale needs a low bound > 0, e.g. {0} in 1e-4 .. {2} log");

        public static readonly DiagnosticDescriptor FixedAndVaried = new DiagnosticDescriptor("IL0010", "Parameter both fixed and varied", Error,
            "'{0}' is both fixed (line {1}) and varied", "remove it from the scenario block or from vary");

        public static readonly DiagnosticDescriptor AssignedTwice = new DiagnosticDescriptor("IL0011", "Parameter given twice", Error,
            "'{0}' is {1} more than once (first at line {2})", "keep one of them");

        public static readonly DiagnosticDescriptor VacuousAssume = new DiagnosticDescriptor("IL0012", "Vacuous assume", Error,
            "no point of the region satisfies this assume ({0})", "the hypothesis would claim nothing; widen the vary ranges or relax the assume");

        public static readonly DiagnosticDescriptor PairedNoChange = new DiagnosticDescriptor("IL0013", "Paired assignment that changes nothing", Error,
            "paired assignment {0} = {1} changes nothing: {2}", "run A and run B must differ in what the claim compares");

        public static readonly DiagnosticDescriptor FindingMissing = new DiagnosticDescriptor("IL0014", "Finding file does not exist", Error,
            "finding file '{0}' does not exist", "findings live in findings/*.json, written by 'interploop hunt'; or set the status to unknown");

        public static readonly DiagnosticDescriptor DuplicateHypothesis = new DiagnosticDescriptor("IL0015", "Duplicate hypothesis name", Error,
            "hypothesis '{0}' is already declared at line {1}", "hypothesis names are unique; rename one of them");

        public static readonly DiagnosticDescriptor InvalidTrials = new DiagnosticDescriptor("IL0016", "Invalid trial count", Error,
            "trials {0} is invalid: trials takes a whole number ≥ 1", "trials is the number of seeds per configuration, e.g. trials 3");

        public static readonly DiagnosticDescriptor IndexOutsidePaired = new DiagnosticDescriptor("IL0017", "Run index outside a paired claim", Error,
            "'{0}[{1}]' names run {1}, but only a paired claim has runs A and B", "write {0} without [{1}], or use claim always paired A vs B: …");

        public static readonly DiagnosticDescriptor AmbiguousInPaired = new DiagnosticDescriptor("IL0018", "Ambiguous name in a paired claim", Error,
            "'{0}' is ambiguous in a paired claim: it may differ between run A and run B", "write {0}[A] or {0}[B]");

        public static readonly DiagnosticDescriptor SymbolNumberMix = new DiagnosticDescriptor("IL0019", "Symbol used as a number", Error,
            "{0} is symbolic (one of {{ {1} }}) and cannot be {2}", "compare it with == , != or in {{ … }} against its symbols");

        public static readonly DiagnosticDescriptor UnknownSymbol = new DiagnosticDescriptor("IL0020", "Unknown symbol", Error,
            "'{0}' is not a value of {1}, which is one of {{ {2} }}", "{1} is one of {{ {2} }}");

        public static readonly DiagnosticDescriptor DuplicateClause = new DiagnosticDescriptor("IL0021", "Clause given twice", Error,
            "hypothesis '{0}' has more than one '{1}' clause (first at line {2})", "merge them into one");

        public static readonly DiagnosticDescriptor MissingClause = new DiagnosticDescriptor("IL0022", "Required clause missing", Error,
            "hypothesis '{0}' has no '{1}' clause", "every hypothesis needs a scenario and a claim");

        public static readonly DiagnosticDescriptor NotACondition = new DiagnosticDescriptor("IL0023", "Condition, number or symbol in the wrong place", Error,
            "{0} is {1}, but {2} is needed here", "conditions are comparisons joined by and, or, not; numbers are metrics, parameters and arithmetic");

        public static readonly DiagnosticDescriptor MetricInAssume = new DiagnosticDescriptor("IL0024", "Metric in assume", Error,
            "assume uses metric '{0}', which is known only after a run", "assume filters configurations before they run, so it may use only parameters; put conditions on metrics in the claim");

        public static readonly DiagnosticDescriptor InvalidBudget = new DiagnosticDescriptor("IL0025", "Invalid budget", Error,
            "budget {0} is invalid: budget takes a whole number in 1 .. 100000", "budget is the number of training runs a hunt may spend, e.g. budget 24");

        public static readonly DiagnosticDescriptor HoldsWithoutBudget = new DiagnosticDescriptor("IL0026", "Holds without a budget", Error,
            "hypothesis '{0}' is recorded as 'status {1}' but states no budget: the regression test re-hunts it and needs to know how many runs to spend",
            "add e.g. `budget 24` (training runs)");

        public static readonly DiagnosticDescriptor BudgetBelowTrials = new DiagnosticDescriptor("IL0027", "Budget below trials", Error,
            "budget {0} is below {1}: a hunt could not run one configuration and re-run what it finds on fresh seeds", "a hunt needs at least {2} training runs here; raise the budget to at least {2} or lower trials");

        public static readonly DiagnosticDescriptor StatusDoesNotFitClaim = new DiagnosticDescriptor("IL0028", "Status does not fit the claim", Error,
            "'status {0}' does not fit a 'claim {1}': a counterexample refutes an always claim, a witness shows a sometimes claim", "{2}");

        public static readonly IReadOnlyList<DiagnosticDescriptor> All = new[]
        {
            SyntaxError, InvalidToken, UnknownParameter, UnknownScenario, UnknownName, WrongType, OutsideDomain, EmptyRange,
            LogRangeNotPositive, FixedAndVaried, AssignedTwice, VacuousAssume, PairedNoChange, FindingMissing, DuplicateHypothesis,
            InvalidTrials, IndexOutsidePaired, AmbiguousInPaired, SymbolNumberMix, UnknownSymbol, DuplicateClause, MissingClause,
            NotACondition, MetricInAssume, InvalidBudget, HoldsWithoutBudget, BudgetBelowTrials,
            StatusDoesNotFitClaim,
        };
    }
}
