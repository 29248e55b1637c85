using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SelGen.Worlds.Toy.Scoring;

namespace SelGen.Worlds.Toy.Protocol;

/// <summary>Correct answers out of total in one category, and their ratio.</summary>
public sealed record CategoryCount(
    [property: JsonPropertyName("correct")] int Correct,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("accuracy")] double Accuracy);

/// <summary>
/// One finished heat-map cell: a (row, proxy size, seed) trained and scored. Written atomically when the cell
/// is done, so a re-run skips it; it records everything needed to trace the numbers to what produced them.
/// </summary>
public sealed record ToyCellResult
{
    /// <summary>"base" (phase 1), "none" (phase 2, the narrow update alone) or the augmented category's key.</summary>
    [JsonPropertyName("row")] public required string Row { get; init; }
    /// <summary>Proxy triggers (phase 3 only).</summary>
    [JsonPropertyName("triggers")] public int? ProxySize { get; init; }
    [JsonPropertyName("seed")] public required int Seed { get; init; }
    [JsonPropertyName("proxy_triggers")] public IReadOnlyList<string> ProxyTriggers { get; init; } = [];
    /// <summary>The method spec the phase trained with (resolved, including the default mixed p).</summary>
    [JsonPropertyName("method")] public required JsonObject Method { get; init; }
    /// <summary>Per category, on the held-out triggers under the updated F (the heat map's cells).</summary>
    [JsonPropertyName("evaluation")] public required IReadOnlyDictionary<string, CategoryCount> Evaluation { get; init; }
    /// <summary>
    /// Per category of the evaluation, how often each colour was answered. Orange is an answer of both the base
    /// and the updated rule, so an accuracy near 0.5 may be "always orange"; this tells. Absent in cells written
    /// before it was recorded.
    /// </summary>
    [JsonPropertyName("answers")] public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>>? Answers { get; init; }
    /// <summary>Other evaluation sets by name (phase1_new_points, phase1_held_out, proxy_trigger_check), per category.</summary>
    [JsonPropertyName("checks")] public IReadOnlyDictionary<string, IReadOnlyDictionary<string, CategoryCount>> Checks { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, CategoryCount>>();
    [JsonPropertyName("optimizer_steps")] public int OptimizerSteps { get; init; }
    [JsonPropertyName("final_loss")] public double? FinalLoss { get; init; }
    [JsonPropertyName("wall_seconds")] public double WallSeconds { get; init; }
    [JsonPropertyName("threads")] public int Threads { get; init; }
    /// <summary>Hash of the protocol options and the base model's weights; cells of another hash are never mixed in.</summary>
    [JsonPropertyName("config_hash")] public required string ConfigHash { get; init; }
    [JsonPropertyName("code_version")] public required string CodeVersion { get; init; }

    public static IReadOnlyDictionary<string, CategoryCount> Counts(CategoryAccuracy accuracy) =>
        ToyCategories.All.Where(accuracy.Counts.ContainsKey).ToDictionary(c => c.Key(), c => new CategoryCount(accuracy.Counts[c].Correct, accuracy.Counts[c].Total, accuracy[c]));

    public CategoryAccuracy EvaluationAccuracy() =>
        new(Evaluation.ToDictionary(kv => ToyCategories.Parse(kv.Key, $"cell {Row} seed {Seed}"), kv => (kv.Value.Correct, kv.Value.Total)));
}
