using System.Globalization;
using InterpLoop.Spec.Catalog;
using InterpLoop.Spec.Diagnostics;

namespace InterpLoop.Engine;

/// <summary>Parses and validates <c>name=value</c> assignments against a scenario catalog.</summary>
public static class ConfigAssignments
{
    /// <summary>
    /// Parses each "name=value" text. Returns the assignments, or the errors, each led by the IL ID a spec
    /// file would get for the same mistake, and naming the parameter, the nearest valid name for an unknown
    /// one, or the domain for a bad value.
    /// </summary>
    public static (Dictionary<string, ParameterValue> Values, List<string> Errors) Parse(ScenarioCatalog catalog, IEnumerable<string> texts)
    {
        var values = new Dictionary<string, ParameterValue>();
        var errors = new List<string>();
        foreach (var text in texts)
        {
            int eq = text.IndexOf('=');
            if (eq <= 0) { errors.Add($"{DiagnosticDescriptors.SyntaxError.Id}: '{text}' is not an assignment; write name=value, e.g. penalty.weight=2"); continue; }
            var name = text[..eq].Trim();
            var info = catalog.FindParameter(name);
            if (info is null)
            {
                var near = catalog.NearestParameter(name);
                errors.Add($"{DiagnosticDescriptors.UnknownParameter.Id}: unknown parameter '{name}' of scenario {catalog.Name}" +
                    (near is null ? "; see `interploop run --list` for the parameters" : $"; did you mean '{near}'?"));
                continue;
            }
            var valueText = text[(eq + 1)..];
            if (!info.TryParse(valueText, out var value, out var error))
            {
                // Text that is no number is a symbol where the parameter takes symbols (probe.layer=al: outside
                // the domain, with a did-you-mean), and of the wrong type where it takes numbers only.
                bool wrongType = !info.AcceptsSymbols && !double.TryParse(valueText.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _);
                errors.Add($"{(wrongType ? DiagnosticDescriptors.WrongType : DiagnosticDescriptors.OutsideDomain).Id}: {error}");
                continue;
            }
            values[name] = value;
        }
        return (values, errors);
    }

    /// <summary>Checks already-typed assignments; returns the errors (empty when valid).</summary>
    public static List<string> Validate(ScenarioCatalog catalog, IReadOnlyDictionary<string, ParameterValue> assignments)
    {
        var errors = new List<string>();
        foreach (var (name, value) in assignments)
        {
            var info = catalog.FindParameter(name);
            if (info is null) errors.Add($"unknown parameter '{name}' of scenario {catalog.Name}");
            else if (!info.Contains(value)) errors.Add($"{name} = {value} is outside its domain: {name} takes {info.DescribeDomain()}");
        }
        return errors;
    }
}
