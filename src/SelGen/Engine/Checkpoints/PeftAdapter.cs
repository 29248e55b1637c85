using System.Text.Json;
using System.Text.Json.Nodes;
using SelGen.Engine.Lora;
using static TorchSharp.torch;

namespace SelGen.Engine.Checkpoints;

/// <summary>
/// LoRA adapters in PEFT's layout: adapter_config.json and adapter_model.safetensors with keys
/// <c>base_model.model.{module}.lora_A.weight</c> / <c>lora_B.weight</c> (the adapter name is not stored),
/// so adapters move between SelGen and the Python ecosystem.
/// </summary>
public static class PeftAdapter
{
    public const string ConfigFile = "adapter_config.json";
    public const string WeightsFile = "adapter_model.safetensors";
    const string Prefix = "base_model.model.";

    public static void Save(DecoderLM model, string adapter, LoraConfig config, string dir, string? baseModel = null)
    {
        Directory.CreateDirectory(dir);
        var json = new JsonObject
        {
            ["peft_type"] = "LORA",
            ["task_type"] = "CAUSAL_LM",
            ["base_model_name_or_path"] = baseModel,
            ["r"] = config.R,
            ["lora_alpha"] = config.Alpha,
            ["use_rslora"] = config.UseRsLora,
            ["lora_dropout"] = config.Dropout,
            // PEFT expands "all-linear" into the modules it found before saving; so does this.
            ["target_modules"] = new JsonArray(SavedTargets(model, adapter, config).Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
            ["bias"] = "none",
            ["fan_in_fan_out"] = false,
            ["use_dora"] = false,
            ["inference_mode"] = true,
        };
        File.WriteAllText(Path.Combine(dir, ConfigFile), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        var tensors = model.AdapterLayers(adapter).SelectMany(l => new[]
        {
            ($"{Prefix}{l.Module}.lora_A.weight", (Tensor)l.Layer.lora_A.Get(adapter).weight!),
            ($"{Prefix}{l.Module}.lora_B.weight", (Tensor)l.Layer.lora_B.Get(adapter).weight!),
        });
        SafeTensors.Save(Path.Combine(dir, WeightsFile), tensors, new Dictionary<string, string> { ["format"] = "pt" });
    }

    static IEnumerable<string> SavedTargets(DecoderLM model, string adapter, LoraConfig config) =>
        config.TargetModules.Contains(LoraNames.AllLinear)
            ? model.AdapterLayers(adapter).Select(l => l.Module.Split('.')[^1]).Distinct().Order(StringComparer.Ordinal)
            : config.TargetModules;

    /// <summary>Fields of adapter_config.json that change which weights exist or how they act, and that SelGen does not implement.</summary>
    static readonly (string Field, string Why)[] Unsupported =
    [
        ("rank_pattern", "per-module ranks are not supported; give every module the same r"),
        ("alpha_pattern", "per-module alphas are not supported; give every module the same lora_alpha"),
        ("layers_to_transform", "adapting only some layers is not supported"),
        ("layers_pattern", "adapting only some layers is not supported"),
        ("exclude_modules", "excluding modules is not supported; list the target_modules instead"),
        ("modules_to_save", "fully trained extra modules are not supported"),
        ("target_parameters", "adapting parameters rather than modules is not supported"),
    ];

    /// <summary>Reads a PEFT adapter_config.json, refusing LoRA variants SelGen does not implement.</summary>
    public static LoraConfig LoadConfig(string dir)
    {
        var path = Path.Combine(dir, ConfigFile);
        if (!File.Exists(path)) throw new SelGenException($"{path}: no such file (a PEFT adapter folder needs adapter_config.json)");
        JsonObject o;
        try { o = JsonNode.Parse(File.ReadAllText(path))!.AsObject(); }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException)
        {
            throw new SelGenException($"{path}: not a JSON object ({e.Message})");
        }
        string? Str(string f) => o[f] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (Str("peft_type") is { } type && type != "LORA") throw new SelGenException($"{path}: field 'peft_type' is '{type}'; only LORA adapters are supported");
        if (Str("bias") is { } bias && bias != "none") throw new SelGenException($"{path}: field 'bias' is '{bias}'; only 'none' is supported");
        if (o["use_dora"] is JsonValue d && d.GetValue<bool>()) throw new SelGenException($"{path}: field 'use_dora' is true; DoRA is not supported");
        if (o["fan_in_fan_out"] is JsonValue f && f.GetValue<bool>()) throw new SelGenException($"{path}: field 'fan_in_fan_out' is true; only (out, in) weights are supported");
        if (o["lora_bias"] is JsonValue lb && lb.GetValue<bool>()) throw new SelGenException($"{path}: field 'lora_bias' is true; LoRA biases are not supported");
        foreach (var (field, why) in Unsupported)
            if (o[field] is { } value && value switch { JsonObject obj => obj.Count > 0, JsonArray arr => arr.Count > 0, _ => true })
                throw new SelGenException($"{path}: field '{field}' is set ({value.ToJsonString()}); {why}, or the adapter would load with the wrong weights");
        var targets = o["target_modules"] switch
        {
            JsonArray list => list.Select(t => t!.GetValue<string>()).ToList(),
            JsonValue v when v.TryGetValue<string>(out var all) && all == LoraNames.AllLinear => [LoraNames.AllLinear],
            _ => throw new SelGenException($"{path}: field 'target_modules' must be a list of module names or \"{LoraNames.AllLinear}\" (a regular-expression string is not supported)"),
        };
        try
        {
            return new LoraConfig
            {
                R = o["r"]?.GetValue<int>() ?? throw new SelGenException($"{path}: required field 'r' is missing"),
                Alpha = o["lora_alpha"]?.GetValue<double>() ?? throw new SelGenException($"{path}: required field 'lora_alpha' is missing"),
                UseRsLora = o["use_rslora"]?.GetValue<bool>() ?? false,
                Dropout = o["lora_dropout"]?.GetValue<double>() ?? 0,
                TargetModules = targets,
            }.Validate(path);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new SelGenException($"{path}: a field has the wrong type ({e.Message})");
        }
    }

    /// <summary>Adds adapter <paramref name="adapter"/> to the model from a PEFT folder. Strict like model loading.</summary>
    public static LoraConfig Load(DecoderLM model, string dir, string adapter)
    {
        var config = LoadConfig(dir);
        var file = Path.Combine(dir, WeightsFile);
        if (!File.Exists(file)) throw new SelGenException($"{file}: no such file (SelGen reads safetensors adapters only)");
        model.AddAdapter(adapter, config);
        try
        {
            using var scope = NewDisposeScope();
            var tensors = SafeTensors.Load(file);
            var expected = model.AdapterLayers(adapter).SelectMany(l => new[]
            {
                ($"{Prefix}{l.Module}.lora_A.weight", (Tensor)l.Layer.lora_A.Get(adapter).weight!),
                ($"{Prefix}{l.Module}.lora_B.weight", (Tensor)l.Layer.lora_B.Get(adapter).weight!),
            }).ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);
            using var _ = no_grad();
            foreach (var (name, tensor) in tensors)
            {
                // PEFT sometimes keeps the adapter name in the key (".lora_A.default.weight"); accept that form too.
                var key = name.Replace(".lora_A.default.", ".lora_A.").Replace(".lora_B.default.", ".lora_B.");
                if (!expected.TryGetValue(key, out var target))
                    throw new SelGenException($"{file}: unexpected tensor '{name}'; the adapter's target_modules on this model give no such weight");
                if (!target.shape.SequenceEqual(tensor.shape))
                    throw new SelGenException($"{file}: tensor '{name}' has shape [{string.Join(", ", tensor.shape)}] but the model expects [{string.Join(", ", target.shape)}]");
                target.copy_(tensor.to(target.dtype));
                expected.Remove(key);
            }
            if (expected.Count > 0)
                throw new SelGenException($"{file}: missing tensor{(expected.Count > 1 ? "s" : "")} {string.Join(", ", expected.Keys.Take(5).Select(k => $"'{k}'"))}{(expected.Count > 5 ? $" and {expected.Count - 5} more" : "")}");
        }
        catch
        {
            model.RemoveAdapter(adapter);
            throw;
        }
        return config;
    }
}
