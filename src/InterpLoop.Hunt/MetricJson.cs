using System.Globalization;
using System.Text.Json;

namespace InterpLoop.Hunt;

/// <summary>
/// Doubles in JSON so that reading gives back the same bits: finite values in round-trip ("R") form, NaN as
/// null (JSON has no NaN; metrics are NaN where undefined), infinities as the strings "Infinity"/"-Infinity".
/// Utf8JsonWriter does not indent raw values inside arrays, so callers put these values in objects.
/// </summary>
public static class MetricJson
{
    public static void Write(Utf8JsonWriter writer, double value)
    {
        if (double.IsNaN(value)) writer.WriteNullValue();
        else if (double.IsPositiveInfinity(value)) writer.WriteStringValue("Infinity");
        else if (double.IsNegativeInfinity(value)) writer.WriteStringValue("-Infinity");
        else writer.WriteRawValue(value.ToString("R", CultureInfo.InvariantCulture), skipInputValidation: true);
    }

    public static void WriteMetrics(Utf8JsonWriter writer, IReadOnlyDictionary<string, double> metrics)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in metrics)
        {
            writer.WritePropertyName(name);
            Write(writer, value);
        }
        writer.WriteEndObject();
    }

    /// <summary>Reads a value written by <see cref="Write"/>; false for anything else.</summary>
    public static bool TryRead(JsonElement element, out double value)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Null: value = double.NaN; return true;
            case JsonValueKind.Number:
                return double.TryParse(element.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
            case JsonValueKind.String when element.GetString() == "Infinity": value = double.PositiveInfinity; return true;
            case JsonValueKind.String when element.GetString() == "-Infinity": value = double.NegativeInfinity; return true;
            default: value = double.NaN; return false;
        }
    }
}
