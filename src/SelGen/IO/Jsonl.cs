using System.Text.Json;

namespace SelGen.IO;

/// <summary>JSON Lines: one record per non-blank line; a bad line is an error naming the file and line.</summary>
public static class Jsonl
{
    public static IEnumerable<(int Line, T Record)> Read<T>(string path)
    {
        if (!File.Exists(path)) throw new SelGenException($"{path}: no such file");
        int lineNumber = 0;
        foreach (var line in File.ReadLines(path))
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

    public static void Write<T>(string path, IEnumerable<T> records)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        using var writer = new StreamWriter(path);
        foreach (var record in records) writer.WriteLine(JsonSerializer.Serialize(record, StrictJson.Options));
    }
}
