using System.Globalization;
using System.Linq;
using System.Text;
using InterpLoop.Spec.Catalog;

namespace InterpLoop.Generators.Model
{
    /// <summary>C# spellings of spec names and values, shared by the model builder and the emitters.</summary>
    public static class CSharp
    {
        /// <summary>kl.beta → KlBeta, atlas.kl_and_penalty_yield_honesty → AtlasKlAndPenaltyYieldHonesty.</summary>
        public static string Pascal(string dotted)
        {
            var s = new StringBuilder();
            foreach (var part in dotted.Split('.', '_', '-').Where(p => p.Length > 0))
                s.Append(char.ToUpperInvariant(part[0])).Append(part.Substring(1));
            if (s.Length == 0 || !char.IsLetter(s[0])) s.Insert(0, '_');
            return s.ToString();
        }

        public static string String(string text)
        {
            var s = new StringBuilder("\"");
            foreach (var ch in text)
            {
                switch (ch)
                {
                    case '\\': s.Append("\\\\"); break;
                    case '"': s.Append("\\\""); break;
                    case '\n': s.Append("\\n"); break;
                    case '\r': s.Append("\\r"); break;
                    case '\t': s.Append("\\t"); break;
                    default:
                        if (char.IsControl(ch)) s.Append("\\u").Append(((int)ch).ToString("x4", CultureInfo.InvariantCulture));
                        else s.Append(ch);
                        break;
                }
            }
            return s.Append('"').ToString();
        }

        /// <summary>A double literal that round-trips: 0.1d, 1E-05d, 3d.</summary>
        public static string Double(double x)
        {
            if (double.IsNaN(x)) return "double.NaN";
            if (double.IsPositiveInfinity(x)) return "double.PositiveInfinity";
            if (double.IsNegativeInfinity(x)) return "double.NegativeInfinity";
            return x.ToString("R", CultureInfo.InvariantCulture) + "d";
        }

        public static string Int(double x) => ((long)x).ToString(CultureInfo.InvariantCulture);

        /// <summary>
        /// The C# type a parameter's value has in a config record: int, double, string, or for a mixed parameter
        /// (an integer that can also be a named value, probe.layer = all) the catalog's own ParameterValue, the one
        /// type that holds both sorts.
        /// </summary>
        public static string TypeOf(ParameterInfo p) => p.IsMixed ? ParameterValueType : p.Kind switch
        {
            ParameterKind.Integer => "int",
            ParameterKind.Real => "double",
            _ => "string",
        };

        /// <summary>
        /// A value as a literal of its own sort: an int, double or string literal. A mixed parameter's value is an
        /// int or a string literal, which the emitter wraps in <c>ParameterValue.Of</c>.
        /// </summary>
        public static string Literal(ParameterInfo p, ParameterValue v) => v.IsSymbol ? String(v.Symbol!) : p.Kind switch
        {
            ParameterKind.Integer => Int(v.Number),
            ParameterKind.Real => Double(v.Number),
            _ => String(v.ToString()),
        };

        public const string ParameterValueType = "global::InterpLoop.Spec.Catalog.ParameterValue";

        /// <summary>A value as a <c>ParameterValue</c> expression.</summary>
        public static string ParameterValue(ParameterValue v) =>
            ParameterValueType + ".Of(" + (v.IsSymbol ? String(v.Symbol!) : Double(v.Number)) + ")";
    }
}
