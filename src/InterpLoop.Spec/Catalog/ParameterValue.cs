using System;
using System.Globalization;

namespace InterpLoop.Spec.Catalog
{
    /// <summary>A parameter's value: a number (integer or real) or a symbol of a choice set.</summary>
    public readonly struct ParameterValue : IEquatable<ParameterValue>
    {
        ParameterValue(double number, string? symbol) { Number = number; Symbol = symbol; }

        public double Number { get; }
        public string? Symbol { get; }
        public bool IsSymbol => Symbol != null;

        public static ParameterValue Of(double number) => new ParameterValue(number, null);
        public static ParameterValue Of(string symbol) => new ParameterValue(double.NaN, symbol ?? throw new ArgumentNullException(nameof(symbol)));

        public bool Equals(ParameterValue other) =>
            IsSymbol ? other.IsSymbol && Symbol == other.Symbol : !other.IsSymbol && Number.Equals(other.Number);
        public override bool Equals(object? obj) => obj is ParameterValue v && Equals(v);
        public override int GetHashCode() => IsSymbol ? Symbol!.GetHashCode() : Number.GetHashCode();
        public static bool operator ==(ParameterValue a, ParameterValue b) => a.Equals(b);
        public static bool operator !=(ParameterValue a, ParameterValue b) => !a.Equals(b);

        /// <summary>Canonical text: the symbol, or the number in invariant round-trip form.</summary>
        public override string ToString() => Symbol ?? Number.ToString("R", CultureInfo.InvariantCulture);
    }
}
