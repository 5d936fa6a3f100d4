using System.Globalization;
using InterpLoop.Spec.Catalog;
using InterpLoop.Spec.Checking;

namespace InterpLoop.Hunt.Atlas;

/// <summary>
/// One axis of an atlas: a varied parameter and the values the map runs it at. A range gets <c>n</c> points from
/// end to end (evenly in log space for a `log` range), integers rounded and repeats dropped; a set gets every
/// member in the catalog's simplest-first order, whatever <c>n</c> is.
/// </summary>
public sealed class AtlasAxis
{
    AtlasAxis(string parameter, AtlasScale scale, IReadOnlyList<ParameterValue> values)
    {
        Parameter = parameter; Scale = scale; Values = values;
    }

    public string Parameter { get; }
    public AtlasScale Scale { get; }
    /// <summary>Ascending for a range; catalog order for a set. Never empty, never repeated.</summary>
    public IReadOnlyList<ParameterValue> Values { get; }
    public int Count => Values.Count;

    public static AtlasAxis For(ParameterInfo parameter, ParameterDomain domain, int n)
    {
        if (n < 2) throw new ArgumentOutOfRangeException(nameof(n), n, "an atlas axis needs at least 2 points");
        switch (domain)
        {
            case FiniteDomain f:
                var ordered = parameter.Kind == ParameterKind.Choice
                    ? f.Values.Distinct().OrderBy(v => Rank(parameter.Choices, v.Symbol!)).ToList()
                    : f.Values.Distinct().OrderBy(v => v.Number).ToList();
                return new AtlasAxis(parameter.Name, AtlasScale.Set, ordered);
            case IntervalDomain i:
                if (i.Log && i.Low <= 0)
                    throw new AtlasException($"{parameter.Name} in {i} cannot be spaced in log space: its low end is not positive");
                var values = Enumerable.Range(0, n).Select(k => Point(i, k, n)).Distinct().Select(ParameterValue.Of).ToList();
                return new AtlasAxis(parameter.Name, i.Log ? AtlasScale.Log : AtlasScale.Linear, values);
            default:
                throw new ArgumentException($"unknown domain for {parameter.Name}");
        }
    }

    /// <summary>The k-th of n points; the ends exact, inner points to four significant digits so they print short.</summary>
    static double Point(IntervalDomain i, int k, int n)
    {
        if (k == 0) return i.Low;
        if (k == n - 1) return i.High;
        double u = (double)k / (n - 1);
        double x = i.Log ? Math.Exp(Math.Log(i.Low) + u * (Math.Log(i.High) - Math.Log(i.Low))) : i.Low + u * (i.High - i.Low);
        x = i.Integer ? Math.Round(x, MidpointRounding.AwayFromZero)
            : double.Parse(x.ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return Math.Clamp(x, i.Low, i.High);
    }

    static int Rank(IReadOnlyList<string> choices, string symbol)
    {
        for (int k = 0; k < choices.Count; k++) if (choices[k] == symbol) return k;
        return int.MaxValue;
    }
}
