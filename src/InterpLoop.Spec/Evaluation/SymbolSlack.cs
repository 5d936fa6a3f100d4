namespace InterpLoop.Spec.Evaluation
{
    /// <summary>
    /// How far <paramref name="run"/>'s symbolic metric <paramref name="name"/> (e.g. outcome) is from being
    /// <paramref name="symbol"/>: positive iff it is that symbol, its magnitude the smallest change of an
    /// underlying number that would change that; null when the scenario cannot say. Symbols alone have no
    /// distance, so a targeted search needs this to see that a run is "almost honest".
    /// </summary>
    public delegate double? SymbolSlack(RunValues run, string name, string symbol);
}
