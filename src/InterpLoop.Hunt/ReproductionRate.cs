namespace InterpLoop.Hunt;

/// <summary>
/// How often a finding reproduced: <see cref="Reproduced"/> of <see cref="Trials"/> seeds, with a 95% Wilson
/// score interval, which stays inside [0, 1] and is honest at the handful of seeds a hunt can afford.
/// </summary>
public sealed record ReproductionRate(int Reproduced, int Trials)
{
    /// <summary>The two-sided 95% normal quantile.</summary>
    const double Z = 1.959963984540054;

    public double Rate => Trials == 0 ? double.NaN : (double)Reproduced / Trials;

    public (double Low, double High) Wilson95
    {
        get
        {
            if (Trials == 0) return (0, 1);
            double n = Trials, p = Rate, z2 = Z * Z;
            double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
            double half = Z / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
            // At k = 0 and k = n the bound is exactly 0 or 1; rounding would leave it a hair inside, excluding the rate.
            return (Reproduced == 0 ? 0 : Math.Max(0, centre - half), Reproduced == Trials ? 1 : Math.Min(1, centre + half));
        }
    }

    public override string ToString()
    {
        var (lo, hi) = Wilson95;
        return FormattableString.Invariant($"{Reproduced}/{Trials} ({Rate:P0}, 95% CI {lo:F2}–{hi:F2})");
    }
}
