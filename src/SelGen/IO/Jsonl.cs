using System.Text.Json;
using System.Text.Json.Nodes;

namespace SelGen.IO;

/// <summary>JSON Lines: one record per non-blank line; a bad line is an error naming the file and line.</summary>
public static class Jsonl
{
    public static IEnumerable<(int Line, T Record)> Read<T>(string path)
    {
        int lineNumber = 0;
        foreach (var line in TextFiles.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            T record;
            try
            {
                record = JsonSerializer.Deserialize<T>(line, StrictJson.Options)
                         ?? throw new SelGenException($"{path}:{lineNumber}: the line is JSON null; expected an object");
            }
            catch (JsonException e)
            {
                throw new SelGenException($"{path}:{lineNumber}: {StrictJson.Describe(e)}", e);
            }
            yield return (lineNumber, record);
        }
    }

    /// <summary>Each non-blank line as a JSON object (duplicate keys and non-objects are errors naming file:line).</summary>
    public static IEnumerable<(int Line, JsonObject Record)> ReadObjects(string path)
    {
        int lineNumber = 0;
        foreach (var line in TextFiles.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonNode? node;
            try { node = JsonNode.Parse(line, documentOptions: StrictJson.DocumentOptions); }
            catch (JsonException e) { throw new SelGenException($"{path}:{lineNumber}: {StrictJson.Describe(e)}", e); }
            if (node is not JsonObject o) throw new SelGenException($"{path}:{lineNumber}: expected a JSON object, not {node?.GetValueKind().ToString().ToLowerInvariant() ?? "null"}");
            yield return (lineNumber, o);
        }
    }

    /// <summary>A text field of a JSONL record: missing or of another type is an error naming file:line and field.</summary>
    public static string Text(JsonObject record, string field, string where) => record[field] switch
    {
        null => throw new SelGenException($"{where}: field '{field}' is missing"),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        var other => throw new SelGenException($"{where}: field '{field}' must be text, not a {other.GetValueKind().ToString().ToLowerInvariant()} ({Short(other.ToJsonString())})"),
    };

    static string Short(string s) => s.Length > 40 ? s[..40] + "..." : s;

    public static void Write<T>(string path, IEnumerable<T> records)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        using var writer = new StreamWriter(path);
        foreach (var record in records) writer.WriteLine(JsonSerializer.Serialize(record, StrictJson.Options));
    }
}
