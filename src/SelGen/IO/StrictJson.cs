using System.Text.Json;
using System.Text.Json.Serialization;

namespace SelGen.IO;

/// <summary>
/// JSON into records, strictly: an unknown key, a missing required field, a null where none is allowed or a
/// value of the wrong type is a <see cref="SelGenException"/> naming the source, the field path and the problem.
/// </summary>
public static class StrictJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        // The last of two equal keys would win silently ({"lr": 0.1, "lr": 10}).
        AllowDuplicateProperties = false,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    /// <summary>The same rules for JsonNode.Parse and JsonDocument.Parse of input files.</summary>
    public static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        AllowDuplicateProperties = false,
    };

    /// <summary>Options for writing: indented, nulls kept so every field is visible in saved configs.</summary>
    public static readonly JsonSerializerOptions WriteOptions = new(Options) { WriteIndented = true };

    public static T Deserialize<T>(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new SelGenException($"{source}: the JSON is null; expected an object");
        }
        catch (JsonException e)
        {
            throw new SelGenException($"{source}: {Describe(e)}", e);
        }
        catch (ArgumentException e) when (e.Message.StartsWith("An item with the same key has already been added", StringComparison.Ordinal))
        {
            // A JsonObject field (the "setting" object) collects its keys in a dictionary, which reports duplicates so.
            var key = e.Message.Split("Key: ") is [_, var k] ? k.Split(" (Parameter")[0].Trim() : "?";
            throw new SelGenException($"{source}: key '{key}' appears twice in an object; keep one (JSON would silently use the last)", e);
        }
    }

    public static T Load<T>(string path)
    {
        return Deserialize<T>(TextFiles.ReadAllText(path), path);
    }

    static string? Expected(string message) =>
        message.Contains("System.String", StringComparison.Ordinal) ? "text"
        : message.Contains("System.Int", StringComparison.Ordinal) ? "a whole number"
        : message.Contains("System.Double", StringComparison.Ordinal) || message.Contains("System.Single", StringComparison.Ordinal) ? "a number"
        : message.Contains("System.Boolean", StringComparison.Ordinal) ? "true or false"
        : null;

    /// <summary>Turns System.Text.Json's message into one that names the field and says what to do.</summary>
    public static string Describe(JsonException e)
    {
        var path = string.IsNullOrEmpty(e.Path) ? "" : e.Path.TrimStart('$').TrimStart('.');
        var message = e.Message;
        // "The JSON property 'foo' could not be mapped to any .NET member contained in type ..."
        const string unmapped = "The JSON property '";
        if (message.StartsWith(unmapped, StringComparison.Ordinal))
        {
            var name = message[unmapped.Length..message.IndexOf('\'', unmapped.Length)];
            var where = path.EndsWith(name, StringComparison.Ordinal) ? path : (path.Length > 0 ? path + "." + name : name);
            return $"unknown field '{where}' (check its spelling; unknown fields are errors so that typos are not ignored)";
        }
        const string missing = "missing required properties including: ";
        int m = message.IndexOf(missing, StringComparison.Ordinal);
        if (m >= 0)
            return $"required field {message[(m + missing.Length)..].TrimEnd('.')} is missing{(path.Length > 0 ? $" in '{path}'" : "")}";
        const string duplicate = "Duplicate property '";
        int dup = message.IndexOf(duplicate, StringComparison.Ordinal);
        if (dup >= 0)
        {
            var name = message[(dup + duplicate.Length)..message.IndexOf('\'', dup + duplicate.Length)];
            return $"key '{name}' appears twice{(path.Length > 0 ? $" in '{path}'" : "")}; keep one (JSON would silently use the last)";
        }
        const string convert = "The JSON value could not be converted to ";
        if (message.StartsWith(convert, StringComparison.Ordinal) && path.Length > 0)
            return Expected(message) is { } type ? $"field '{path}' must be {type}" : $"field '{path}' has a value of the wrong type (a number where text is expected, or the like)";
        if (message.Contains("Expected depth to be zero", StringComparison.Ordinal) || message.Contains("end of data", StringComparison.Ordinal)
            || message.Contains("reached the end", StringComparison.OrdinalIgnoreCase))
            return "the JSON ends early (a truncated line or file?)";
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var text = cut >= 0 ? message[..cut] : message;
        return path.Length > 0 ? $"field '{path}': {text}" : text;
    }
}
