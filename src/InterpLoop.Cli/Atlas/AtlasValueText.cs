using System.Globalization;
using InterpLoop.Spec.Catalog;

namespace InterpLoop.Cli.Atlas;

/// <summary>A grid value as a person reads it on a tick, in a table or in a tooltip: short, culture-free, exact enough to tell the points apart.</summary>
internal static class AtlasValueText
{
    public static string Of(ParameterValue v) => v.IsSymbol ? v.Symbol! : Number(v.Number);

    /// <summary>Four significant digits (the grid's own precision); scientific only far from 1, where decimals get long.</summary>
    public static string Number(double x)
    {
        if (x == 0 || !double.IsFinite(x)) return x.ToString(CultureInfo.InvariantCulture);
        double magnitude = Math.Abs(x);
        if (magnitude >= 1e-4 && magnitude < 1e6)
            return double.Parse(x.ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture).ToString("0.#########", CultureInfo.InvariantCulture);
        return x.ToString("0.###e0", CultureInfo.InvariantCulture);
    }

    /// <summary>A metric for a table: three decimals, "n/a" where it is undefined.</summary>
    public static string Metric(double x) => double.IsNaN(x) ? "n/a" : x.ToString("0.000", CultureInfo.InvariantCulture);
}
