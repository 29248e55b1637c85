using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SelGen.Experiments;

/// <summary>
/// One spelling per JSON value, so that equal jobs hash to equal run ids: object keys sorted
/// (ordinal), no whitespace, every number written as the shortest round-trip double
/// (1, 1.0 and 1e0 all become "1"; integers beyond 2^53 lose their last digits).
/// </summary>
public static class CanonicalJson
{
    public static string Write(JsonNode? node)
    {
        var sb = new StringBuilder();
        Append(sb, node);
        return sb.ToString();
    }

    static void Append(StringBuilder sb, JsonNode? node)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject obj:
                sb.Append('{');
                bool first = true;
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first) sb.Append(',');
                    first = false;
                    sb.Append(JsonSerializer.Serialize(key)).Append(':');
                    Append(sb, value);
                }
                sb.Append('}');
                break;
            case JsonArray arr:
                sb.Append('[');
                for (int i = 0; i < arr.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    Append(sb, arr[i]);
                }
                sb.Append(']');
                break;
            case JsonValue value:
                AppendValue(sb, value);
                break;
        }
    }

    static void AppendValue(StringBuilder sb, JsonValue value)
    {
        var element = JsonSerializer.SerializeToElement(value);
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                double d = element.GetDouble();
                if (!double.IsFinite(d)) throw new ArgumentException($"knob value {d} is not a finite number");
                sb.Append((d == 0 ? 0.0 : d).ToString("R", CultureInfo.InvariantCulture)); // -0 and 0 are one value
                break;
            case JsonValueKind.String:
                sb.Append(JsonSerializer.Serialize(element.GetString()));
                break;
            case JsonValueKind.True: sb.Append("true"); break;
            case JsonValueKind.False: sb.Append("false"); break;
            case JsonValueKind.Null: sb.Append("null"); break;
            default: throw new ArgumentException($"unexpected JSON value kind {element.ValueKind}");
        }
    }
}
