using System;
using System.Collections.Generic;
using System.Linq;
using InterpLoop.Spec.Syntax;

namespace InterpLoop.Spec.Checking
{
    /// <summary>
    /// A finite union of real intervals with open or closed ends: the exact set of values satisfying
    /// comparisons of one parameter against constants. Emptiness knows integer parameters
    /// (steps &gt; 100 and steps &lt; 101 is empty for an integer, not for a real).
    /// </summary>
    public sealed class IntervalSet
    {
        public readonly struct Interval
        {
            public Interval(double low, bool lowOpen, double high, bool highOpen) { Low = low; LowOpen = lowOpen; High = high; HighOpen = highOpen; }
            public double Low { get; }
            public bool LowOpen { get; }
            public double High { get; }
            public bool HighOpen { get; }

            public bool IsEmpty(bool integer)
            {
                if (!integer) return Low > High || (Low == High && (LowOpen || HighOpen));
                double first = LowOpen ? Math.Floor(Low) + 1 : Math.Ceiling(Low);
                return first > High || (first == High && HighOpen);
            }
        }

        IntervalSet(IReadOnlyList<Interval> intervals) { Intervals = intervals; }

        public IReadOnlyList<Interval> Intervals { get; }

        /// <summary>No number: what a symbol equals on a numeric range (probe.layer == all over 1 .. 2).</summary>
        public static IntervalSet None { get; } = new IntervalSet(new Interval[0]);

        /// <summary>Every number: what a symbol differs from on a numeric range.</summary>
        public static IntervalSet All { get; } = new IntervalSet(new[] { new Interval(double.NegativeInfinity, true, double.PositiveInfinity, true) });

        public static IntervalSet Closed(double low, double high) => new IntervalSet(new[] { new Interval(low, false, high, false) });

        /// <summary>The values x with `x op k`.</summary>
        public static IntervalSet Where(BinaryOperator op, double k)
        {
            double inf = double.PositiveInfinity;
            switch (op)
            {
                case BinaryOperator.Less: return new IntervalSet(new[] { new Interval(-inf, true, k, true) });
                case BinaryOperator.LessOrEqual: return new IntervalSet(new[] { new Interval(-inf, true, k, false) });
                case BinaryOperator.Greater: return new IntervalSet(new[] { new Interval(k, true, inf, true) });
                case BinaryOperator.GreaterOrEqual: return new IntervalSet(new[] { new Interval(k, false, inf, true) });
                case BinaryOperator.Equal: return new IntervalSet(new[] { new Interval(k, false, k, false) });
                default: return new IntervalSet(new[] { new Interval(-inf, true, k, true), new Interval(k, true, inf, true) });
            }
        }

        public IntervalSet Intersect(IntervalSet other)
        {
            var result = new List<Interval>();
            foreach (var a in Intervals)
                foreach (var b in other.Intervals)
                {
                    var (low, lowOpen) = a.Low > b.Low ? (a.Low, a.LowOpen) : b.Low > a.Low ? (b.Low, b.LowOpen) : (a.Low, a.LowOpen || b.LowOpen);
                    var (high, highOpen) = a.High < b.High ? (a.High, a.HighOpen) : b.High < a.High ? (b.High, b.HighOpen) : (a.High, a.HighOpen || b.HighOpen);
                    var i = new Interval(low, lowOpen, high, highOpen);
                    if (!i.IsEmpty(false)) result.Add(i);
                }
            return new IntervalSet(result);
        }

        public bool IsEmpty(bool integer) => Intervals.All(i => i.IsEmpty(integer));
    }
}
