using FsCheck;
using FsCheck.Fluent;
using InterpLoop.Spec;
using InterpLoop.Spec.Catalog;
using InterpLoop.Spec.Evaluation;

namespace InterpLoop.Hunt.Search;

/// <summary>
/// A hypothesis' region as something to search: its varied parameters as <see cref="Axis"/> lines, an FsCheck
/// generator and shrinker over positions, the `assume` filter, and the assignments a point stands for.
/// </summary>
public sealed class SearchSpace
{
    /// <summary>How many rejected samples per accepted one before the assume is declared too strict to sample.</summary>
    public const int MaxRejectionsPerSample = 1000;

    public SearchSpace(Hypothesis hypothesis)
    {
        Hypothesis = hypothesis;
        Axes = hypothesis.Varied.Select(name => Axis.For(hypothesis.Catalog.FindParameter(name)!, hypothesis.Region[name])).ToList();
    }

    public Hypothesis Hypothesis { get; }
    public IReadOnlyList<Axis> Axes { get; }

    /// <summary>The simplest point of the region: every axis at position 0.</summary>
    public Point Origin => new(Axes.Select(_ => 0));

    /// <summary>FsCheck's generator of points: each axis uniform over its positions (log ranges are uniform in log space by construction).</summary>
    public Gen<Point> Generator =>
        Axes.Aggregate(Gen.Constant(Enumerable.Empty<int>()),
                (acc, axis) => acc.SelectMany(xs => Gen.Choose(0, axis.Count - 1).Select(x => xs.Append(x))))
            .Select(xs => new Point(xs));

    /// <summary>
    /// FsCheck's integer shrinker on each axis' position (0 first, then halfway, …), most aggressive first across
    /// axes: every axis' jump to its simplest value is tried before any finer step, so a parameter that does not
    /// matter reaches the simple end in one evaluation.
    /// </summary>
    public IEnumerable<Point> Shrinks(Point p)
    {
        var shrinker = ArbMap.Default.ArbFor<int>();
        var perAxis = Enumerable.Range(0, Axes.Count)
            .Select(a => shrinker.Shrinker(p[a]).Where(k => k >= 0 && k < p[a]).Distinct().Select(k => p.With(a, k)).ToList())
            .ToList();
        int longest = perAxis.Count == 0 ? 0 : perAxis.Max(l => l.Count);
        for (int rank = 0; rank < longest; rank++)
            foreach (var list in perAxis)
                if (rank < list.Count) yield return list[rank];
    }

    /// <summary>The assignments a point stands for: the fixed ones and the varied ones (everything else at its default).</summary>
    public Dictionary<string, ParameterValue> Assignments(Point p)
    {
        var a = new Dictionary<string, ParameterValue>(Hypothesis.Fixed);
        for (int i = 0; i < Axes.Count; i++) a[Axes[i].Name] = Axes[i].ValueAt(p[i]);
        return a;
    }

    /// <summary>
    /// The point whose assignments are exactly <paramref name="config"/> (a recorded finding's), or null when the
    /// region no longer holds it: a varied value off its axis' grid, or a fixed one the spec has since changed.
    /// </summary>
    public Point? PointOf(IReadOnlyDictionary<string, ParameterValue> config)
    {
        var positions = new int[Axes.Count];
        for (int i = 0; i < Axes.Count; i++)
        {
            if (!config.TryGetValue(Axes[i].Name, out var value)) return null;
            try { positions[i] = Axes[i].PositionOf(value); }
            catch (ArgumentException) { return null; }
        }
        var p = new Point(positions);
        var assignments = Assignments(p);
        return assignments.Count == config.Count && assignments.All(kv => config.TryGetValue(kv.Key, out var v) && v == kv.Value) ? p : null;
    }

    /// <summary>Only the varied parameters' values, in vary order: what a person reads as "the configuration".</summary>
    public IReadOnlyList<KeyValuePair<string, ParameterValue>> Varied(Point p) =>
        Axes.Select((axis, i) => new KeyValuePair<string, ParameterValue>(axis.Name, axis.ValueAt(p[i]))).ToList();

    public string Describe(Point p) => string.Join(" ", Varied(p).Select(kv => $"{kv.Key}={kv.Value}"));

    public bool Admits(Point p) => Hypothesis.Admits(Assignments(p));

    /// <summary>
    /// FsCheck's generator with the assume as a filter, as an endless stream deterministic in <paramref name="seed"/>.
    /// Throws <see cref="HuntException"/> when the assume rejects nearly everything.
    /// </summary>
    public IEnumerable<Point> Stream(ulong seed)
    {
        int drawn = 0, accepted = 0;
        for (ulong batch = 0; ; batch++)
        {
            // Fixed-size batches, so the n-th sample does not depend on how many are taken. Each batch's seed goes
            // through a mixer: SplitMix steps by a constant, so nearby raw seeds would give shifted copies of one stream.
            foreach (var p in Gen.Sample(Generator, 64, new Rnd(Mix(Mix(seed) + batch)), 1))
            {
                drawn++;
                if (Admits(p)) { accepted++; yield return p; }
                else if (drawn > (accepted + 1) * MaxRejectionsPerSample)
                    throw new HuntException($"the assume of {Hypothesis.Name} rejected {drawn - accepted} of {drawn} sampled configurations; " +
                        "narrow the vary ranges to where it holds");
            }
        }
    }

    /// <summary>SplitMix64's finaliser: a bijection that scatters nearby inputs across the whole range.</summary>
    static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
