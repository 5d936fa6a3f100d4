using System;
using System.Collections.Generic;
using System.Linq;
using InterpLoop.Spec.Catalog;

namespace InterpLoop.Spec.Checking
{
    /// <summary>
    /// What the checker needs from outside, passed in so it stays a pure function: the scenario families it
    /// knows, and whether a finding file exists (`status refuted by "…"`).
    /// </summary>
    public sealed class SpecCheckOptions
    {
        public SpecCheckOptions(IReadOnlyList<ScenarioCatalog> scenarios, Func<string, bool> findingExists)
        {
            Scenarios = scenarios; FindingExists = findingExists;
        }

        public IReadOnlyList<ScenarioCatalog> Scenarios { get; }
        public Func<string, bool> FindingExists { get; }

        /// <summary>The built-in families, with every finding path taken as present (for callers without a file system).</summary>
        public static SpecCheckOptions Default { get; } = new SpecCheckOptions(new[] { RewardHackingCatalog.Catalog }, _ => true);

        public ScenarioCatalog? Find(string name) => Scenarios.FirstOrDefault(s => s.Name == name);
    }
}
