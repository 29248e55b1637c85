using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;

namespace SelGen.Engine.Checkpoints;

/// <summary>
/// A Hugging Face model folder: config.json plus model.safetensors, or shards listed in
/// model.safetensors.index.json. Loading is strict: every tensor the model has must be in the files with
/// the same shape, and the files may hold nothing else.
/// </summary>
public static class HfCheckpoint
{
    public const string ConfigFile = "config.json";
    public const string WeightsFile = "model.safetensors";
    public const string IndexFile = "model.safetensors.index.json";

    /// <summary>Names in some published checkpoints that hold derived buffers, not weights.</summary>
    static bool IsIgnorableBuffer(string name) => name.EndsWith(".rotary_emb.inv_freq", StringComparison.Ordinal);

    /// <summary>
    /// The model of a folder, its tensors allocated in <paramref name="dtype"/> on <paramref name="device"/> and filled
    /// tensor by tensor from the files: besides the model itself, host memory holds one checkpoint tensor at a time.
    /// </summary>
    public static DecoderLM LoadModel(string dir, Device? device = null, ScalarType dtype = ScalarType.Float32)
    {
        var config = ModelConfig.Load(Path.Combine(dir, ConfigFile));
        var model = DecoderLM.Uninitialized(config, device, dtype);
        try
        {
            LoadWeights(model, dir);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        return model;
    }

    /// <summary>The model's own weights by Hugging Face name (LoRA adapters excluded).</summary>
    public static IEnumerable<(string Name, Tensor Tensor)> BaseWeights(DecoderLM model) =>
        model.named_parameters().Where(p => !Lora.LoraNames.IsAdapterParameter(p.name)).Select(p => (p.name, (Tensor)p.parameter));

    public static void LoadWeights(DecoderLM model, string dir)
    {
        var files = WeightFiles(dir);
        var expected = BaseWeights(model).ToDictionary(p => p.Name, p => p.Tensor, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using var _ = no_grad();
        foreach (var file in files)
        {
            foreach (var (name, tensor) in SafeTensors.ReadEach(file))
            {
                using var scope = NewDisposeScope();
                if (IsIgnorableBuffer(name)) continue;
                if (!expected.TryGetValue(name, out var target))
                {
                    if (name == "lm_head.weight" && model.Config.TieWordEmbeddings)
                    {
                        // Some tied checkpoints store the head anyway; accept it only if it is the embedding.
                        var embedding = SafeTensors.Load(file, n => n == "model.embed_tokens.weight");
                        try
                        {
                            if (embedding.TryGetValue("model.embed_tokens.weight", out var embed) && embed.shape.SequenceEqual(tensor.shape) && embed.eq(tensor).all().item<bool>()) continue;
                        }
                        finally
                        {
                            foreach (var t in embedding.Values) t.Dispose();
                        }
                        throw new SelGenException($"{file}: has 'lm_head.weight' that differs from 'model.embed_tokens.weight', but config.json says tie_word_embeddings=true; set it to false");
                    }
                    throw new SelGenException($"{file}: unexpected tensor '{name}' [{Shape(tensor.shape)}]; the model defined by config.json has no such weight (wrong config.json, or an unsupported architecture)");
                }
                if (!target.shape.SequenceEqual(tensor.shape))
                    throw new SelGenException($"{file}: tensor '{name}' has shape [{Shape(tensor.shape)}] but the model expects [{Shape(target.shape)}] (config.json does not match the weights)");
                if (!seen.Add(name)) throw new SelGenException($"{file}: tensor '{name}' appears in more than one shard");
                target.copy_(tensor);   // converts dtype and moves to the model's device in one step
            }
        }
        var missing = expected.Keys.Where(k => !seen.Contains(k)).ToList();
        if (missing.Count > 0)
            throw new SelGenException($"{dir}: missing tensor{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Take(5).Select(m => $"'{m}' [{Shape(expected[m].shape)}]"))}{(missing.Count > 5 ? $" and {missing.Count - 5} more" : "")}");
    }

    static IReadOnlyList<string> WeightFiles(string dir)
    {
        var single = Path.Combine(dir, WeightsFile);
        if (File.Exists(single)) return [single];
        var index = Path.Combine(dir, IndexFile);
        if (!File.Exists(index))
            throw new SelGenException($"{dir}: no {WeightsFile} or {IndexFile} (SelGen reads safetensors only; convert a .bin/.pt checkpoint with Hugging Face's tools first)");
        try
        {
            var map = JsonNode.Parse(File.ReadAllText(index))?["weight_map"]?.AsObject()
                      ?? throw new SelGenException($"{index}: no 'weight_map' object");
            return map.Select(p => p.Value!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal)
                      .Select(f => Path.Combine(dir, f)).ToList();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new SelGenException($"{index}: malformed index ({e.Message})");
        }
    }

    /// <summary>Writes config.json and model.safetensors (base weights only; adapters are saved with <see cref="PeftAdapter"/>).</summary>
    public static void Save(DecoderLM model, string dir, IReadOnlyDictionary<string, string>? metadata = null)
    {
        Directory.CreateDirectory(dir);
        var config = model.Config.ToJson();
        config["torch_dtype"] = model.DType == ScalarType.BFloat16 ? "bfloat16" : "float32";
        File.WriteAllText(Path.Combine(dir, ConfigFile), config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        var meta = new Dictionary<string, string> { ["format"] = "pt" };
        if (metadata is not null) foreach (var (k, v) in metadata) meta[k] = v;
        SafeTensors.Save(Path.Combine(dir, WeightsFile), BaseWeights(model), meta);
    }

    static string Shape(long[] shape) => string.Join(", ", shape);
}
