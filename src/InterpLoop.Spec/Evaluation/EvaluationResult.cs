namespace InterpLoop.Spec.Evaluation
{
    /// <summary>A predicate's truth value, or why it has none (a checked spec never gives the latter).</summary>
    public readonly record struct EvaluationResult(bool Succeeded, bool Value, string Error)
    {
        public static EvaluationResult Of(bool value) => new EvaluationResult(true, value, "");
        public static EvaluationResult Failed(string error) => new EvaluationResult(false, false, error);
    }
}
