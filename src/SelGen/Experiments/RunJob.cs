using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SelGen.Experiments;

/// <summary>
/// One cell of a sweep: a method at one setting of its knobs, trained with one seed.
/// <see cref="Id"/> depends only on these three, so registering the same grid twice (or from two
/// processes) names the same runs.
/// </summary>
public sealed record RunJob
{
    /// <summary>Method name as chosen in the config, e.g. "kl" or "task_only".</summary>
    public string Method { get; }

    /// <summary>Knob values as canonical JSON (an object with sorted keys; "{}" for none).</summary>
    public string KnobsJson { get; }

    public int Seed { get; }

    /// <summary>"METHOD-HASH": the method for readable folder names, then the first 16 hex digits of
    /// SHA-256 over the canonical JSON of {knobs, method, seed}.</summary>
    public string Id { get; }

    public RunJob(string method, JsonObject? knobs, int seed)
    {
        if (string.IsNullOrWhiteSpace(method)) throw new ArgumentException("a run job needs a method name", nameof(method));
        Method = method;
        KnobsJson = CanonicalJson.Write(knobs ?? new JsonObject());
        Seed = seed;
        var identity = new JsonObject
        {
            ["knobs"] = JsonNode.Parse(KnobsJson),
            ["method"] = method,
            ["seed"] = seed,
        };
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalJson.Write(identity)));
        Id = $"{Slug(method)}-{Convert.ToHexStringLower(hash, 0, 8)}";
    }

    /// <summary>Rebuilds a job from knobs stored as JSON text (any key order or number spelling).</summary>
    public static RunJob FromKnobsJson(string method, string knobsJson, int seed)
    {
        var node = JsonNode.Parse(knobsJson) as JsonObject
                   ?? throw new ArgumentException($"knobs must be a JSON object, not {knobsJson}", nameof(knobsJson));
        return new RunJob(method, node, seed);
    }

    /// <summary>The knobs parsed back, in key order.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonElement>> Knobs() => ParseKnobs(KnobsJson);

    /// <summary>"beta=0.1, layers=all", or "" without knobs: how a knob setting is shown in tables and legends.</summary>
    public static string DescribeKnobs(string knobsJson) =>
        string.Join(", ", ParseKnobs(knobsJson).Select(k => $"{k.Key}={Show(k.Value)}"));

    /// <summary>"0.1, all": the values alone, for point annotations where the knob names are known.</summary>
    public static string DescribeKnobValues(string knobsJson) =>
        string.Join(", ", ParseKnobs(knobsJson).Select(k => Show(k.Value)));

    /// <summary>Knob names in key order.</summary>
    public static IReadOnlyList<string> KnobNames(string knobsJson) => ParseKnobs(knobsJson).Select(k => k.Key).ToList();

    static IReadOnlyList<KeyValuePair<string, JsonElement>> ParseKnobs(string knobsJson)
    {
        using var doc = JsonDocument.Parse(knobsJson);
        return doc.RootElement.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Name, p.Value.Clone())).ToList();
    }

    static string Show(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString()!,
        JsonValueKind.Number => v.GetDouble().ToString("G4", CultureInfo.InvariantCulture),
        _ => v.GetRawText(),
    };

    static string Slug(string method)
    {
        var chars = method.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '-').ToArray();
        var slug = new string(chars).Trim('-');
        return slug.Length == 0 ? "run" : slug.Length > 40 ? slug[..40] : slug;
    }
}
