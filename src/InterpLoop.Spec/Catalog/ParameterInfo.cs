using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace InterpLoop.Spec.Catalog
{
    /// <summary>
    /// One knob of a scenario family: its name as written in specs and on the command line, its type,
    /// domain, default, unit and meaning. The single source of truth for the checker, the CLI and the engine.
    /// </summary>
    public sealed class ParameterInfo
    {
        ParameterInfo(string name, ParameterKind kind, double min, double max, IReadOnlyList<string> choices,
            ParameterValue @default, string unit, string meaning)
        {
            Name = name; Kind = kind; Min = min; Max = max; Choices = choices; Default = @default; Unit = unit; Meaning = meaning;
        }

        public string Name { get; }
        public ParameterKind Kind { get; }
        /// <summary>Inclusive lower bound of a numeric parameter.</summary>
        public double Min { get; }
        /// <summary>Inclusive upper bound of a numeric parameter.</summary>
        public double Max { get; }
        /// <summary>
        /// The symbols the parameter accepts, in canonical order (simplest first): a choice parameter's whole
        /// domain; an integer parameter's named values beside its range (probe.layer's `all`), usually none.
        /// </summary>
        public IReadOnlyList<string> Choices { get; }
        /// <summary>Whether some value of the domain is a symbol (every choice parameter; an integer with named values).</summary>
        public bool AcceptsSymbols => Choices.Count > 0;
        /// <summary>Whether some value of the domain is a number (every integer and real parameter).</summary>
        public bool AcceptsNumbers => Kind != ParameterKind.Choice;
        /// <summary>
        /// Whether values of both sorts are in the domain (an integer with named values): such a parameter
        /// has no order, so a predicate may only compare it for equality or membership.
        /// </summary>
        public bool IsMixed => AcceptsSymbols && AcceptsNumbers;
        public ParameterValue Default { get; }
        public string Unit { get; }
        public string Meaning { get; }

        /// <param name="symbols">Named values the parameter takes besides the integers of its range, e.g. probe.layer's
        /// `all`; in canonical order. The default is always an integer.</param>
        public static ParameterInfo Integer(string name, long min, long max, long @default, string unit, string meaning, string[]? symbols = null) =>
            new ParameterInfo(name, ParameterKind.Integer, min, max, symbols ?? Array.Empty<string>(), ParameterValue.Of(@default), unit, meaning);

        public static ParameterInfo Real(string name, double min, double max, double @default, string unit, string meaning) =>
            new ParameterInfo(name, ParameterKind.Real, min, max, Array.Empty<string>(), ParameterValue.Of(@default), unit, meaning);

        public static ParameterInfo Choice(string name, string[] choices, string @default, string meaning) =>
            new ParameterInfo(name, ParameterKind.Choice, double.NaN, double.NaN, choices, ParameterValue.Of(@default), "", meaning);

        /// <summary>Whether <paramref name="value"/> has this parameter's type and lies in its domain.</summary>
        public bool Contains(ParameterValue value)
        {
            switch (Kind)
            {
                case ParameterKind.Choice: return value.IsSymbol && Choices.Contains(value.Symbol);
                case ParameterKind.Integer:
                    return value.IsSymbol
                        ? Choices.Contains(value.Symbol)
                        : value.Number == Math.Floor(value.Number) && value.Number >= Min && value.Number <= Max;
                default: return !value.IsSymbol && !double.IsNaN(value.Number) && value.Number >= Min && value.Number <= Max;
            }
        }

        /// <summary>The domain in words, as diagnostics and usage errors print it.</summary>
        public string DescribeDomain()
        {
            switch (Kind)
            {
                case ParameterKind.Choice: return "one of { " + string.Join(", ", Choices) + " }";
                case ParameterKind.Integer: return "an integer in " + Format(Min) + " .. " + Format(Max) + DescribeSymbols();
                default: return "a real number in " + Format(Min) + " .. " + Format(Max);
            }
        }

        /// <summary>The named values beside an integer range, as DescribeDomain appends them: ", or all".</summary>
        string DescribeSymbols() => Choices.Count switch
        {
            0 => "",
            1 => ", or " + Choices[0],
            _ => ", or one of { " + string.Join(", ", Choices) + " }",
        };

        /// <summary>
        /// Whether a value is of the wrong sort for this parameter (IL0006), as opposed to of the right sort but
        /// outside the domain (IL0007): a symbol where only numbers are taken, a number where only symbols are,
        /// a fraction for an integer.
        /// </summary>
        public bool IsWrongType(ParameterValue value) => value.IsSymbol
            ? !AcceptsSymbols
            : !AcceptsNumbers || (Kind == ParameterKind.Integer && value.Number != Math.Floor(value.Number));

        /// <summary>Parses command-line or spec text into a value of this parameter, or explains why not.</summary>
        public bool TryParse(string text, out ParameterValue value, out string error)
        {
            text = text.Trim();
            value = default;
            if (Kind == ParameterKind.Choice)
            {
                value = ParameterValue.Of(text);
            }
            else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                value = ParameterValue.Of(number);
            }
            else if (AcceptsSymbols)
            {
                value = ParameterValue.Of(text);
            }
            else
            {
                error = $"'{text}' is not a number; {Name} takes {DescribeDomain()}";
                return false;
            }
            if (!Contains(value))
            {
                error = $"{Name} = {text} is outside its domain: {Name} takes {DescribeDomain()}";
                var near = value.IsSymbol ? NameSuggester.Nearest(text, Choices) : null;
                if (near != null) error += $" (did you mean '{near}'?)";
                return false;
            }
            error = "";
            return true;
        }

        public static string Format(double x) => x.ToString("G6", CultureInfo.InvariantCulture);
    }
}
