using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SelGen.Engine;

/// <summary>
/// Architecture of a Llama / Qwen-family decoder, with the field names of a Hugging Face <c>config.json</c>.
/// Fields of config.json that do not change the computation (architectures, token ids, torch_dtype, ...)
/// are ignored on load; a field that would change it and is not supported is an error.
/// </summary>
public sealed record ModelConfig
{
    [JsonPropertyName("model_type")] public string ModelType { get; init; } = "llama";
    [JsonPropertyName("vocab_size")] public int VocabSize { get; init; }
    [JsonPropertyName("hidden_size")] public int HiddenSize { get; init; }
    [JsonPropertyName("intermediate_size")] public int IntermediateSize { get; init; }
    [JsonPropertyName("num_hidden_layers")] public int NumHiddenLayers { get; init; }
    [JsonPropertyName("num_attention_heads")] public int NumAttentionHeads { get; init; }
    [JsonPropertyName("num_key_value_heads")] public int NumKeyValueHeads { get; init; }
    [JsonPropertyName("head_dim")] public int HeadDim { get; init; }
    [JsonPropertyName("rope_theta")] public double RopeTheta { get; init; } = 10000.0;
    [JsonPropertyName("rms_norm_eps")] public double RmsNormEps { get; init; } = 1e-6;
    [JsonPropertyName("max_position_embeddings")] public int MaxPositionEmbeddings { get; init; } = 2048;
    [JsonPropertyName("tie_word_embeddings")] public bool TieWordEmbeddings { get; init; }
    [JsonPropertyName("attention_bias")] public bool AttentionBias { get; init; }
    [JsonPropertyName("hidden_act")] public string HiddenAct { get; init; } = "silu";

    /// <summary>Qwen3 normalises queries and keys per head (q_norm, k_norm) before the rotary embedding.</summary>
    [JsonIgnore] public bool QkNorm => ModelType == "qwen3";

    public static readonly IReadOnlySet<string> SupportedModelTypes = new HashSet<string> { "llama", "qwen2", "qwen3", "mistral" };

    /// <summary>Checks every field; the message names the field and the fix.</summary>
    public ModelConfig Validate(string source = "config")
    {
        void Require(bool ok, string field, string why)
        {
            if (!ok) throw new SelGenException($"{source}: field '{field}' {why}");
        }
        Require(SupportedModelTypes.Contains(ModelType), "model_type",
            $"is '{ModelType}'; supported: {string.Join(", ", SupportedModelTypes)}");
        Require(VocabSize > 0, "vocab_size", "must be a positive integer");
        Require(HiddenSize > 0, "hidden_size", "must be a positive integer");
        Require(IntermediateSize > 0, "intermediate_size", "must be a positive integer");
        Require(NumHiddenLayers > 0, "num_hidden_layers", "must be a positive integer");
        Require(NumAttentionHeads > 0, "num_attention_heads", "must be a positive integer");
        Require(NumKeyValueHeads > 0 && NumAttentionHeads % NumKeyValueHeads == 0, "num_key_value_heads",
            $"must be positive and divide num_attention_heads ({NumAttentionHeads}); it is {NumKeyValueHeads}");
        Require(HeadDim > 0 && HeadDim % 2 == 0, "head_dim", $"must be a positive even integer (rotary pairs); it is {HeadDim}");
        Require(RopeTheta > 0, "rope_theta", "must be positive");
        Require(RmsNormEps > 0, "rms_norm_eps", "must be positive");
        Require(MaxPositionEmbeddings > 0, "max_position_embeddings", "must be a positive integer");
        Require(HiddenAct == "silu", "hidden_act", $"is '{HiddenAct}'; only 'silu' (SwiGLU) is supported");
        return this;
    }

    static readonly string[] RequiredFields =
        ["vocab_size", "hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads"];

    /// <summary>Reads a Hugging Face config.json. Missing head_dim and num_key_value_heads take HF's defaults.</summary>
    public static ModelConfig Load(string path)
    {
        if (!File.Exists(path)) throw new SelGenException($"{path}: no such file (a model folder needs config.json)");
        JsonObject obj;
        try { obj = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new SelGenException($"{path}: empty JSON"); }
        catch (JsonException e) { throw new SelGenException($"{path}: not valid JSON ({e.Message})"); }
        return FromJson(obj, path);
    }

    public static ModelConfig FromJson(JsonObject obj, string source)
    {
        foreach (var field in RequiredFields)
            if (obj[field] is null) throw new SelGenException($"{source}: required field '{field}' is missing");
        if (obj["rope_scaling"] is JsonObject)
            throw new SelGenException($"{source}: field 'rope_scaling' is set; scaled rotary embeddings are not supported yet (remove it only if the model was trained without it)");
        ModelConfig config;
        try
        {
            config = obj.Deserialize<ModelConfig>(JsonOptions) ?? throw new SelGenException($"{source}: empty config");
        }
        catch (JsonException e)
        {
            throw new SelGenException($"{source}: field '{e.Path?.TrimStart('$', '.')}' has the wrong type ({e.Message})");
        }
        if (obj["num_key_value_heads"] is null) config = config with { NumKeyValueHeads = config.NumAttentionHeads };
        if (obj["head_dim"] is null && config.NumAttentionHeads > 0)
            config = config with { HeadDim = config.HiddenSize / config.NumAttentionHeads };
        if (obj["attention_bias"] is null && config.ModelType == "qwen2") config = config with { AttentionBias = true };
        return config.Validate(source);
    }

    public void Save(string path) => File.WriteAllText(path, ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    public JsonObject ToJson()
    {
        var obj = JsonSerializer.SerializeToNode(this, JsonOptions)!.AsObject();
        obj["architectures"] = new JsonArray(ModelType switch
        {
            "qwen2" => "Qwen2ForCausalLM",
            "qwen3" => "Qwen3ForCausalLM",
            "mistral" => "MistralForCausalLM",
            _ => "LlamaForCausalLM",
        });
        obj["torch_dtype"] = "float32";
        return obj;
    }

    static readonly JsonSerializerOptions JsonOptions = new() { NumberHandling = JsonNumberHandling.AllowReadingFromString };

    /// <summary>Parameter count (embeddings included once when tied).</summary>
    public long ParameterCount()
    {
        long h = HiddenSize, q = (long)NumAttentionHeads * HeadDim, kv = (long)NumKeyValueHeads * HeadDim;
        long attention = h * q + 2 * h * kv + q * h + (AttentionBias ? q + 2 * kv : 0) + (QkNorm ? 2L * HeadDim : 0);
        long mlp = 3 * h * IntermediateSize;
        long layer = attention + mlp + 2 * h;
        long embeddings = (long)VocabSize * h * (TieWordEmbeddings ? 1 : 2);
        return NumHiddenLayers * layer + embeddings + h;
    }
}
