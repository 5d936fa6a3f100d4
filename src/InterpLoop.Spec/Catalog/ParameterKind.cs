namespace InterpLoop.Spec.Catalog
{
    /// <summary>The type of a scenario parameter.</summary>
    public enum ParameterKind
    {
        /// <summary>A whole number in an inclusive range, or one of the parameter's few named symbols, if it has any (probe.layer = all).</summary>
        Integer,
        /// <summary>A real number in an inclusive range.</summary>
        Real,
        /// <summary>One symbol from a fixed set.</summary>
        Choice,
    }
}
