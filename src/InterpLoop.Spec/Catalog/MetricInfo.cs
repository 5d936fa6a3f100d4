namespace InterpLoop.Spec.Catalog
{
    /// <summary>
    /// One measured quantity of a scenario family. Numeric metrics are reals; <c>outcome</c> is the only
    /// symbolic one, and its <see cref="Choices"/> are the outcome taxonomy.
    /// </summary>
    public sealed class MetricInfo
    {
        public MetricInfo(string name, string meaning, string range, string[]? choices = null)
        {
            Name = name; Meaning = meaning; Range = range; Choices = choices ?? new string[0];
        }

        public string Name { get; }
        public string Meaning { get; }
        /// <summary>The values it can take, in words (e.g. "0 .. 1").</summary>
        public string Range { get; }
        public string[] Choices { get; }
        public bool IsSymbolic => Choices.Length > 0;
    }
}
