using System;
using System.Collections.Generic;

namespace InterpLoop.Spec.Catalog
{
    /// <summary>Finds the valid name nearest to a misspelt one (edit distance), for "did you mean" hints.</summary>
    public static class NameSuggester
    {
        /// <summary>The nearest candidate, or null when none is close enough to be a plausible intent.</summary>
        public static string? Nearest(string name, IEnumerable<string> candidates)
        {
            string? best = null;
            int bestDistance = int.MaxValue;
            foreach (var c in candidates)
            {
                int d = Distance(name.ToLowerInvariant(), c.ToLowerInvariant());
                if (d < bestDistance) { best = c; bestDistance = d; }
            }
            // More than half the name rewritten is a different name, not a typo.
            return best != null && bestDistance <= Math.Max(2, name.Length / 2) ? best : null;
        }

        /// <summary>Optimal string alignment distance (Levenshtein plus adjacent transpositions).</summary>
        public static int Distance(string a, string b)
        {
            var d = new int[a.Length + 1, b.Length + 1];
            for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
            for (int j = 0; j <= b.Length; j++) d[0, j] = j;
            for (int i = 1; i <= a.Length; i++)
                for (int j = 1; j <= b.Length; j++)
                {
                    int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                        d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            return d[a.Length, b.Length];
        }
    }
}
