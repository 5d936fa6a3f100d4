using InterpLoop.Spec;
using InterpLoop.Spec.Catalog;
using InterpLoop.Spec.Checking;
using InterpLoop.Spec.Evaluation;

namespace InterpLoop.Hunt.Atlas;

/// <summary>
/// The cells an atlas runs: two varied parameters of a hypothesis as axes, every other varied parameter held at
/// one stated value, and each cell's assignments, marked excluded where the hypothesis' `assume` rejects it.
/// </summary>
public sealed class AtlasGrid
{
    AtlasGrid(Hypothesis hypothesis, AtlasOptions options, AtlasAxis x, AtlasAxis y, IReadOnlyList<AtlasHeldParameter> held, IReadOnlyList<AtlasPoint> points)
    {
        Hypothesis = hypothesis; Options = options; X = x; Y = y; Held = held; Points = points;
    }

    public Hypothesis Hypothesis { get; }
    public AtlasOptions Options { get; }
    public AtlasAxis X { get; }
    public AtlasAxis Y { get; }
    /// <summary>The varied parameters that are not axes, in vary order, with the value they sit at.</summary>
    public IReadOnlyList<AtlasHeldParameter> Held { get; }
    /// <summary>Every cell, row by row from the lowest y, each row from the lowest x.</summary>
    public IReadOnlyList<AtlasPoint> Points { get; }
    public IEnumerable<AtlasPoint> Admitted => Points.Where(p => p.Admitted);

    /// <summary>Throws <see cref="AtlasException"/>, naming what the hypothesis varies, when the options do not fit it.</summary>
    public static AtlasGrid For(Hypothesis h, AtlasOptions o)
    {
        if (o.Grid < 2) throw new AtlasException($"a grid of {o.Grid} point(s) per axis cannot show a change; give at least 2");
        if (o.Seeds < 1) throw new AtlasException($"{o.Seeds} seed(s) per cell runs nothing; give at least 1");
        var xp = Varied(h, o.X);
        var yp = Varied(h, o.Y);
        if (xp.Name == yp.Name) throw new AtlasException($"x and y are both {xp.Name}; pick two different parameters of those {h.Name} varies: {string.Join(", ", h.Varied)}");
        if (h.IsPaired && o.Side is null)
            throw new AtlasException($"{h.Name} has a paired claim, so each point is two runs; say which to map: side A ({Describe(h.PairA!)}) or side B ({Describe(h.PairB!)})");
        if (!h.IsPaired && o.Side is not null)
            throw new AtlasException($"{h.Name} has no paired claim, so there is no side {o.Side} to map");

        var x = AtlasAxis.For(xp, h.Region[xp.Name], o.Grid);
        var y = AtlasAxis.For(yp, h.Region[yp.Name], o.Grid);
        var held = h.Varied.Where(n => n != xp.Name && n != yp.Name).Select(n => HeldAt(h, n)).ToList();

        var side = o.Side switch { AtlasSide.A => h.PairA, AtlasSide.B => h.PairB, _ => null };
        var points = new List<AtlasPoint>();
        for (int j = 0; j < y.Count; j++)
            for (int i = 0; i < x.Count; i++)
            {
                var assignments = new Dictionary<string, ParameterValue>(h.Fixed);
                foreach (var p in held) assignments[p.Name] = p.Value;
                assignments[x.Parameter] = x.Values[i];
                assignments[y.Parameter] = y.Values[j];
                // Like the hunt, the assume reads the configuration without the paired side's assignments.
                bool admitted = h.Admits(assignments);
                if (side is not null) foreach (var (k, v) in side) assignments[k] = v;
                points.Add(new AtlasPoint(i, j, x.Values[i], y.Values[j], assignments, admitted));
            }
        return new AtlasGrid(h, o, x, y, held, points);
    }

    static ParameterInfo Varied(Hypothesis h, string name)
    {
        var varies = $"{h.Name} varies {string.Join(", ", h.Varied)}";
        if (h.Varied.Contains(name)) return h.Catalog.FindParameter(name)!;
        if (h.Catalog.FindParameter(name) is { } p)
        {
            string where = h.Fixed.TryGetValue(name, out var v) ? $"its scenario clause fixes it at {v}" : $"it stays at its default {p.Default}";
            throw new AtlasException($"{name} is not varied by {h.Name} ({where}); {varies}");
        }
        var near = NameSuggester.Nearest(name, h.Varied) ?? h.Catalog.NearestParameter(name);
        throw new AtlasException($"'{name}' is not a parameter of scenario {h.Catalog.Name}" + (near is null ? "" : $" (did you mean '{near}'?)") + $"; {varies}");
    }

    /// <summary>The default when the region holds it, so the map reads as "everything else as usual"; else the hunt's simplest value.</summary>
    static AtlasHeldParameter HeldAt(Hypothesis h, string name)
    {
        var p = h.Catalog.FindParameter(name)!;
        var domain = h.Region[name];
        bool inside = domain switch
        {
            FiniteDomain f => f.Values.Contains(p.Default),
            IntervalDomain i => p.Default.Number >= i.Low && p.Default.Number <= i.High && (!i.Integer || p.Default.Number == Math.Floor(p.Default.Number)),
            _ => false,
        };
        return inside ? new AtlasHeldParameter(name, p.Default, true)
            : new AtlasHeldParameter(name, Search.Axis.For(p, domain).ValueAt(0), false);
    }

    static string Describe(IReadOnlyDictionary<string, ParameterValue> a) => string.Join(" ", a.Select(kv => $"{kv.Key} = {kv.Value}"));
}
