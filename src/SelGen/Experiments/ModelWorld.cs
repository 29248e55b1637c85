using System.Text.Json;
using System.Text.Json.Nodes;

namespace SelGen.Experiments;

/// <summary>The generated world a base model was pretrained on: its name ("gcd", "em", "toy") and world seed (null when it has none).</summary>
public sealed record WorldIdentity(string World, int? Seed)
{
    public override string ToString() => Seed is int s ? $"the {World} world (seed {s})" : $"the {World} world";
}

/// <summary>
/// A model's world identity, as its pretrain.json records it ("world": {"name", "seed"}, written by
/// <c>selgen pretrain</c>), or inferred from older records (the command "selgen pretrain NAME" and
/// options.world.seed). A model that was not pretrained here (no pretrain.json) has none, and is not checked.
/// </summary>
public static class ModelWorld
{
    public const string RecordFile = "pretrain.json";

    /// <summary>The worlds <c>selgen pretrain</c> makes a base model for.</summary>
    public static readonly IReadOnlyList<string> Pretrainable = ["gcd", "em", "toy"];

    public static WorldIdentity? Read(string modelDir)
    {
        var path = Path.Combine(modelDir, RecordFile);
        if (!File.Exists(path)) return null;
        JsonNode? record;
        try { record = JsonNode.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new SelGenException($"{path}: not valid JSON ({e.Message}); restore the model's pretrain.json", e); }
        if (record?["world"] is JsonObject world && world["name"] is JsonValue name)
            return new WorldIdentity(name.GetValue<string>(), world["seed"] is JsonValue seed ? seed.GetValue<int>() : null);
        if (record?["command"] is JsonValue command && command.GetValue<string>().Split(' ') is ["selgen", "pretrain", var inferred])
            return new WorldIdentity(inferred, record["options"]?["world"]?["seed"] is JsonValue s ? s.GetValue<int>() : null);
        return null;
    }

    /// <summary>The identity to record for a world's pretraining command and options (what <see cref="Read"/> infers).</summary>
    public static JsonObject Record(string command, JsonNode? options) => new()
    {
        ["name"] = command.Split(' ')[^1],
        ["seed"] = options?["world"]?["seed"]?.DeepClone(),
    };

    /// <summary>
    /// Fails at once when the experiment's setting is not the world the base model was pretrained on: a GCD
    /// setting with the EM model (or a model of another world seed) would otherwise train for hours and score 0.
    /// </summary>
    public static void Check(string modelDir, JsonObject setting, string source)
    {
        if (Read(modelDir) is not { } model) return;
        var world = setting["world"]?.GetValue<string>();
        // Only the generated worlds have a model of their own; a setting on one's own files (em_files) may use any model.
        if (world is null || !Pretrainable.Contains(world)) return;
        if (world != model.World)
            throw new SelGenException($"{source}: field 'base_model' is {modelDir}, pretrained on {model} (its {RecordFile}), but field 'setting.world' is \"{world}\"; " +
                $"give a base model pretrained on the {world} world (e.g. models/{world}-small), or the setting of its own world");
        // With data_dir the world comes from files, whose seed is not known; otherwise world_options.seed (default 0) generates it.
        if (setting["data_dir"] is not null || model.Seed is not int modelSeed) return;
        int seed = setting["world_options"]?["seed"] is JsonValue v ? v.GetValue<int>() : 0;
        if (seed != modelSeed)
            throw new SelGenException($"{source}: field 'setting.world_options.seed' is {seed}, but the base model {modelDir} was pretrained on {model}; " +
                $"set world_options.seed to {modelSeed}, or pretrain a model on world seed {seed}");
    }
}
