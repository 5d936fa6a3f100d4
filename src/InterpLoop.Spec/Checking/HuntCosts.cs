namespace InterpLoop.Spec.Checking
{
    /// <summary>
    /// What a hunt must be able to afford, shared by the checker (IL0027) and the hunt: one configuration on every
    /// seed, and its re-run on at least <see cref="FreshSeeds"/> fresh seeds, twice over for a paired claim.
    /// </summary>
    public static class HuntCosts
    {
        /// <summary>The fewest fresh seeds a counterexample is re-run on before it counts as a finding.</summary>
        public const int FreshSeeds = 3;

        public static long MinimumBudget(long trials, bool paired) => (trials + FreshSeeds) * (paired ? 2 : 1);
    }
}
