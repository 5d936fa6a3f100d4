namespace InterpLoop.Spec.Catalog
{
    /// <summary>The type of a scenario parameter.</summary>
    public enum ParameterKind
    {
        /// <summary>A whole number in an inclusive range.</summary>
        Integer,
        /// <summary>A real number in an inclusive range.</summary>
        Real,
        /// <summary>One symbol from a fixed set.</summary>
        Choice,
    }
}
