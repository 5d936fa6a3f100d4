namespace InterpLoop.Spec.Evaluation
{
    /// <summary>
    /// A predicate's truth value (exactly <see cref="PredicateEvaluator"/>'s) and a finite margin: at least 0
    /// when it holds, at most 0 when it does not, its magnitude how far the run is from flipping it.
    /// A failed evaluation has margin 0.
    /// </summary>
    public readonly record struct MarginResult(bool Succeeded, bool Value, double Margin, string Error);
}
