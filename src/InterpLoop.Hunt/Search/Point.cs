namespace InterpLoop.Hunt.Search;

/// <summary>A configuration as positions on the hypothesis' axes (see <see cref="Axis"/>); a value, compared by content.</summary>
public sealed class Point : IEquatable<Point>
{
    readonly int[] positions;

    public Point(IEnumerable<int> positions) { this.positions = positions.ToArray(); }

    public int Count => positions.Length;
    public int this[int axis] => positions[axis];
    public IReadOnlyList<int> Positions => positions;

    public Point With(int axis, int position)
    {
        var copy = (int[])positions.Clone();
        copy[axis] = position;
        return new Point(copy);
    }

    public bool Equals(Point? other) => other is not null && positions.AsSpan().SequenceEqual(other.positions);
    public override bool Equals(object? obj) => Equals(obj as Point);
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var p in positions) h.Add(p);
        return h.ToHashCode();
    }
    public override string ToString() => "(" + string.Join(", ", positions) + ")";
}
