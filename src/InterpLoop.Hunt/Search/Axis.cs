using System.Globalization;
using InterpLoop.Spec.Catalog;
using InterpLoop.Spec.Checking;

namespace InterpLoop.Hunt.Search;

/// <summary>
/// One varied parameter as a line of positions, position 0 its simplest value: the low end of a range (fewer
/// steps, smaller weights), the catalog's first choice of a set. A set of a mixed parameter lists its numbers
/// ascending, then its symbols in catalog order: probe.layer in { all, 2, 1 } is the line 1, 2, all, a single
/// layer being simpler than the ensemble of them. The search moves along positions and shrinking moves toward
/// 0, so "simpler" means the same thing to both.
/// </summary>
public sealed class Axis
{
    /// <summary>Positions on a real range: fine enough to land in a narrow band, coarse enough to print short values.</summary>
    public const int RealGrid = 1000;

    readonly IReadOnlyList<ParameterValue>? values;
    readonly IntervalDomain? interval;

    Axis(string name, IReadOnlyList<ParameterValue>? values, IntervalDomain? interval, int count)
    {
        Name = name; this.values = values; this.interval = interval; Count = count;
    }

    public string Name { get; }
    /// <summary>How many positions: 0 .. Count − 1.</summary>
    public int Count { get; }
    public bool IsFinite => values is not null;

    public static Axis For(ParameterInfo parameter, ParameterDomain domain)
    {
        switch (domain)
        {
            case FiniteDomain f:
                // A set's simplicity order is the catalog's (numbers ascend, then symbols as the catalog lists
                // them, simplest first), not the order the spec happened to write them in.
                var ordered = f.Values
                    .OrderBy(v => v.IsSymbol)
                    .ThenBy(v => v.IsSymbol ? IndexOf(parameter.Choices, v.Symbol!) : 0)
                    .ThenBy(v => v.IsSymbol ? 0 : v.Number)
                    .ToList();
                return new Axis(parameter.Name, ordered, null, ordered.Count);
            case IntervalDomain i when i.Integer && !i.Log && i.High - i.Low <= RealGrid:
                return new Axis(parameter.Name, null, i, (int)(i.High - i.Low) + 1);
            case IntervalDomain i:
                return new Axis(parameter.Name, null, i, RealGrid + 1);
            default:
                throw new ArgumentException($"unknown domain for {parameter.Name}");
        }
    }

    static int IndexOf(IReadOnlyList<string> choices, string symbol)
    {
        for (int i = 0; i < choices.Count; i++) if (choices[i] == symbol) return i;
        return int.MaxValue;
    }

    public ParameterValue ValueAt(int position)
    {
        if (position < 0 || position >= Count) throw new ArgumentOutOfRangeException(nameof(position), $"{Name} has positions 0 .. {Count - 1}");
        if (values is not null) return values[position];
        var i = interval!;
        if (i.Integer && !i.Log && Count == (int)(i.High - i.Low) + 1) return ParameterValue.Of(i.Low + position);
        double u = (double)position / (Count - 1);
        double x = i.Log ? Math.Exp(Math.Log(i.Low) + u * (Math.Log(i.High) - Math.Log(i.Low))) : i.Low + u * (i.High - i.Low);
        if (position == 0) x = i.Low;
        else if (position == Count - 1) x = i.High;
        // Four significant digits: a finding reads `kl.beta = 0.003162`, not 0.0031622776601683794.
        else x = i.Integer ? Math.Round(x) : double.Parse(x.ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return ParameterValue.Of(Math.Clamp(x, i.Low, i.High));
    }

    /// <summary>The position nearest to <paramref name="value"/> (for a finding's configuration given back to the search).</summary>
    public int PositionOf(ParameterValue value)
    {
        if (values is not null)
        {
            for (int k = 0; k < values.Count; k++) if (values[k] == value) return k;
            throw new ArgumentException($"{value} is not a value of {Name}");
        }
        int best = 0;
        double bestDistance = double.PositiveInfinity;
        for (int k = 0; k < Count; k++)
        {
            double d = Math.Abs(ValueAt(k).Number - value.Number);
            if (d < bestDistance) { best = k; bestDistance = d; }
        }
        return best;
    }
}
