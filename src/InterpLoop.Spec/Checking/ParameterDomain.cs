using System.Collections.Generic;
using InterpLoop.Spec.Catalog;

namespace InterpLoop.Spec.Checking
{
    /// <summary>The values one parameter takes in a hypothesis' region: a finite set (a fixed value is a set of one) or an interval.</summary>
    public abstract class ParameterDomain
    {
        public abstract bool IsPoint { get; }
    }

    public sealed class FiniteDomain : ParameterDomain
    {
        public FiniteDomain(IReadOnlyList<ParameterValue> values) { Values = values; }
        public IReadOnlyList<ParameterValue> Values { get; }
        public override bool IsPoint => Values.Count == 1;
        public override string ToString() => "{ " + string.Join(", ", Values) + " }";
    }

    /// <summary>Inclusive [Low, High]; an integer parameter takes only its whole numbers.</summary>
    public sealed class IntervalDomain : ParameterDomain
    {
        public IntervalDomain(double low, double high, bool integer, bool log) { Low = low; High = high; Integer = integer; Log = log; }
        public double Low { get; }
        public double High { get; }
        public bool Integer { get; }
        public bool Log { get; }
        public override bool IsPoint => false;
        public override string ToString() => ParameterInfo.Format(Low) + " .. " + ParameterInfo.Format(High) + (Log ? " log" : "");
    }
}
