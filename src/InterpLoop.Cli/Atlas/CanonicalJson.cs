using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace InterpLoop.Cli.Atlas;

/// <summary>
/// JSON whose bytes depend only on its content: object keys in ordinal order at every depth, two-space indents,
/// "\n" line ends on every platform, numbers in System.Text.Json's shortest round-trip form (culture-free), and a
/// final newline. Two equal trees always give the same file, so a diff of two outputs is a diff of their data.
/// </summary>
internal static class CanonicalJson
{
    public static string Serialize(JsonNode? node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            NewLine = "\n",
            // Claims print ≥, α and the like; escaping them would make the file unreadable, not safer (it is never inlined in HTML).
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
            Write(writer, node);
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject o:
                writer.WriteStartObject();
                foreach (var (key, value) in o.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    Write(writer, value);
                }
                writer.WriteEndObject();
                break;
            case JsonArray a:
                writer.WriteStartArray();
                foreach (var item in a) Write(writer, item);
                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
