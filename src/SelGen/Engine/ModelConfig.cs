using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SelGen.Engine;

/// <summary>
/// Architecture of a Llama / Qwen / Mistral / Gemma 2 / Gemma 3 decoder, with the field names of a Hugging Face
/// <c>config.json</c>. Fields of config.json that do not change the computation (architectures, token ids,
/// torch_dtype, ...) are ignored on load; a field that would change it and is not supported is an error.
/// Missing fields take the defaults of the Hugging Face config class of the model type.
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

    /// <summary>Gemma's name for the feed-forward activation; when set it wins over hidden_act, as in Hugging Face.</summary>
    [JsonPropertyName("hidden_activation"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? HiddenActivation { get; init; }

    /// <summary>Keys more than this many positions back are not attended to, on the sliding layers (see <see cref="IsSlidingLayer"/>).</summary>
    [JsonPropertyName("sliding_window"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? SlidingWindow { get; init; }

    /// <summary>Gemma 3: every n-th layer (n = this) is global, the others sliding. Hugging Face's default is 6.</summary>
    [JsonPropertyName("sliding_window_pattern"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? SlidingWindowPattern { get; init; }

    /// <summary>Gemma: attention scores are scaled by query_pre_attn_scalar^-1/2 instead of head_dim^-1/2.</summary>
    [JsonPropertyName("query_pre_attn_scalar"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? QueryPreAttnScalar { get; init; }

    /// <summary>Gemma 2: attention scores pass through cap·tanh(score/cap) before the softmax.</summary>
    [JsonPropertyName("attn_logit_softcapping"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? AttnLogitSoftcapping { get; init; }

    /// <summary>Gemma 2: the output logits pass through cap·tanh(logit/cap).</summary>
    [JsonPropertyName("final_logit_softcapping"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? FinalLogitSoftcapping { get; init; }

    /// <summary>Gemma 3: the rotary base of the sliding (local) layers; rope_theta is then the global layers' base.</summary>
    [JsonPropertyName("rope_local_base_freq"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? RopeLocalBaseFreq { get; init; }

    /// <summary>Scaled rotary frequencies (Llama 3.1, linear); for Gemma 3 only on the global layers. Read and written by hand (two key spellings).</summary>
    [JsonIgnore] public RopeScaling? RopeScaling { get; init; }

    [JsonIgnore] public bool IsGemma => ModelType is "gemma2" or "gemma3_text";

    /// <summary>Qwen3 and Gemma 3 normalise queries and keys per head (q_norm, k_norm) before the rotary embedding.</summary>
    [JsonIgnore] public bool QkNorm => ModelType is "qwen3" or "gemma3_text";

    /// <summary>The feed-forward activation: hidden_activation if set, else hidden_act.</summary>
    [JsonIgnore] public string Activation => HiddenActivation ?? HiddenAct;

    /// <summary>
    /// Whether layer <paramref name="layer"/> attends within <see cref="SlidingWindow"/> only: Mistral every layer;
    /// Gemma 2 the even layers (0, 2, ...); Gemma 3 all but every sliding_window_pattern-th.
    /// </summary>
    public bool IsSlidingLayer(int layer) => SlidingWindow is not null && ModelType switch
    {
        "mistral" => true,
        "gemma2" => layer % 2 == 0,
        "gemma3_text" => (layer + 1) % (SlidingWindowPattern ?? 6) != 0,
        _ => false,
    };

    /// <summary>The attention window of a layer (null = full causal attention).</summary>
    public int? LayerWindow(int layer) => IsSlidingLayer(layer) ? SlidingWindow : null;

    /// <summary>The rotary base and scaling of a layer: Gemma 3's sliding layers use rope_local_base_freq unscaled.</summary>
    public (double Theta, RopeScaling? Scaling) LayerRope(int layer) =>
        ModelType == "gemma3_text" && IsSlidingLayer(layer) ? (RopeLocalBaseFreq ?? 10000.0, null) : (RopeTheta, RopeScaling);

    /// <summary>The softmax scale of attention scores.</summary>
    [JsonIgnore] public double AttentionScale => 1.0 / Math.Sqrt(QueryPreAttnScalar ?? HeadDim);

    public static readonly IReadOnlySet<string> SupportedModelTypes = new HashSet<string> { "llama", "qwen2", "qwen3", "mistral", "gemma2", "gemma3_text" };

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
        if (IsGemma)
            Require(Activation == "gelu_pytorch_tanh", HiddenActivation is null ? "hidden_act" : "hidden_activation",
                $"is '{Activation}'; {ModelType} uses 'gelu_pytorch_tanh' (GeGLU with the tanh GELU)");
        else
            Require(HiddenAct == "silu" && HiddenActivation is null or "silu", "hidden_act", $"is '{Activation}'; only 'silu' (SwiGLU) is supported for {ModelType}");
        Require(SlidingWindow is null or > 0, "sliding_window", $"must be a positive integer or null; it is {SlidingWindow}");
        Require(SlidingWindowPattern is null or > 0, "sliding_window_pattern", $"must be a positive integer; it is {SlidingWindowPattern}");
        Require(QueryPreAttnScalar is null or > 0, "query_pre_attn_scalar", $"must be positive; it is {QueryPreAttnScalar}");
        Require(AttnLogitSoftcapping is null or > 0, "attn_logit_softcapping", $"must be positive or null; it is {AttnLogitSoftcapping}");
        Require(FinalLogitSoftcapping is null or > 0, "final_logit_softcapping", $"must be positive or null; it is {FinalLogitSoftcapping}");
        Require(RopeLocalBaseFreq is null or > 0, "rope_local_base_freq", $"must be positive; it is {RopeLocalBaseFreq}");
        Require(IsGemma || (QueryPreAttnScalar ?? AttnLogitSoftcapping ?? FinalLogitSoftcapping) is null, "query_pre_attn_scalar",
            $"(and the soft-capping fields) belong to Gemma; remove them for model_type '{ModelType}'");
        Require(ModelType is "mistral" or "gemma2" or "gemma3_text" || SlidingWindow is null, "sliding_window",
            $"is set for model_type '{ModelType}', which has no sliding window in Hugging Face either; remove the field");
        RopeScaling?.Validate(source);
        return this;
    }

    /// <summary>Model types one meets next to the supported ones, with what stands in the way.</summary>
    static readonly Dictionary<string, string> KnownUnsupported = new()
    {
        ["gemma3"] = "this is multimodal Gemma 3 (4B and up: a vision tower, and the text model under text_config with weights named language_model.*); " +
                     "only the text-only layout 'gemma3_text' (Gemma 3 1B, or a text model extracted from a larger one) is read",
        ["phi3"] = "Phi-3's fused qkv_proj and gate_up_proj weights (and LongRoPE scaling) are not implemented",
        ["gemma"] = "Gemma 1 is not implemented (Gemma 2 and Gemma 3 text are)",
    };

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
        if (obj["rope_parameters"] is not null)
            throw new SelGenException($"{source}: field 'rope_parameters' (the transformers 5 layout) is not read; write rope_theta and rope_scaling as the Hub's config.json files do");
        if (obj["mlp_bias"]?.GetValue<bool>() == true)
            throw new SelGenException($"{source}: field 'mlp_bias' is true; biased feed-forward layers are not supported");
        string type = obj["model_type"]?.GetValue<string>() ?? "llama";
        if (KnownUnsupported.TryGetValue(type, out var why))
            throw new SelGenException($"{source}: field 'model_type' is '{type}': {why}; supported: {string.Join(", ", SupportedModelTypes)}");
        if (obj["use_bidirectional_attention"]?.GetValue<bool>() == true)
            throw new SelGenException($"{source}: field 'use_bidirectional_attention' is true (an embedding model); SelGen runs causal decoders only");
        if (type is "qwen2" or "qwen3" && obj["use_sliding_window"]?.GetValue<bool>() == true)
            throw new SelGenException($"{source}: field 'use_sliding_window' is true; SelGen runs {type} with full attention only (set it to false if the model was trained so)");
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
        // Qwen2/3 configs carry a sliding_window that their use_sliding_window = false switches off.
        if (config.ModelType is "qwen2" or "qwen3") config = config with { SlidingWindow = null };
        config = config with { RopeScaling = RopeScaling.FromJson(obj["rope_scaling"], source) };
        config = WithArchitectureDefaults(config, obj);
        config.Validate(source);
        CheckLayerTypes(config, obj["layer_types"], source);
        return config;
    }

    /// <summary>The defaults of transformers' Gemma2Config / Gemma3TextConfig for fields a config.json leaves out.</summary>
    static ModelConfig WithArchitectureDefaults(ModelConfig c, JsonObject obj)
    {
        bool Absent(string key) => !obj.ContainsKey(key);
        if (c.ModelType == "gemma2")
            return c with
            {
                HiddenActivation = Absent("hidden_activation") && Absent("hidden_act") ? "gelu_pytorch_tanh" : c.HiddenActivation,
                QueryPreAttnScalar = Absent("query_pre_attn_scalar") ? 256 : c.QueryPreAttnScalar,
                SlidingWindow = Absent("sliding_window") ? 4096 : c.SlidingWindow,
                AttnLogitSoftcapping = Absent("attn_logit_softcapping") ? 50.0 : c.AttnLogitSoftcapping,
                FinalLogitSoftcapping = Absent("final_logit_softcapping") ? 30.0 : c.FinalLogitSoftcapping,
                TieWordEmbeddings = Absent("tie_word_embeddings") || c.TieWordEmbeddings,
            };
        if (c.ModelType == "gemma3_text")
            return c with
            {
                HiddenActivation = Absent("hidden_activation") && Absent("hidden_act") ? "gelu_pytorch_tanh" : c.HiddenActivation,
                QueryPreAttnScalar = Absent("query_pre_attn_scalar") ? 256 : c.QueryPreAttnScalar,
                SlidingWindow = Absent("sliding_window") ? 4096 : c.SlidingWindow,
                SlidingWindowPattern = c.SlidingWindowPattern ?? 6,
                RopeTheta = Absent("rope_theta") ? 1_000_000.0 : c.RopeTheta,
                RopeLocalBaseFreq = c.RopeLocalBaseFreq ?? 10_000.0,
                TieWordEmbeddings = Absent("tie_word_embeddings") || c.TieWordEmbeddings,
            };
        return c;
    }

    /// <summary>
    /// Newer config.json files list each layer's kind in layer_types. SelGen derives the kinds from the model type
    /// (<see cref="IsSlidingLayer"/>); a list that says otherwise is refused rather than silently overridden.
    /// </summary>
    static void CheckLayerTypes(ModelConfig c, JsonNode? node, string source)
    {
        if (node is null) return;
        var given = node.AsArray().Select(n => n?.GetValue<string>()).ToList();
        var ours = Enumerable.Range(0, c.NumHiddenLayers).Select(i => c.IsSlidingLayer(i) ? "sliding_attention" : "full_attention").ToList();
        if (given.SequenceEqual(ours)) return;
        int first = Enumerable.Range(0, Math.Max(given.Count, ours.Count)).First(i => i >= given.Count || i >= ours.Count || given[i] != ours[i]);
        throw new SelGenException($"{source}: field 'layer_types' does not follow {c.ModelType}'s pattern " +
            $"(layer {first} is '{(first < given.Count ? given[first] : "missing")}', the pattern gives '{(first < ours.Count ? ours[first] : "no layer")}'); " +
            "custom layer patterns are not supported: fix layer_types, sliding_window or sliding_window_pattern");
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
            "gemma2" => "Gemma2ForCausalLM",
            "gemma3_text" => "Gemma3ForCausalLM",
            _ => "LlamaForCausalLM",
        });
        if (RopeScaling is not null) obj["rope_scaling"] = RopeScaling.ToJson();
        if (IsGemma)
        {
            // Written explicitly: absent, they would take Hugging Face's defaults on load.
            obj["sliding_window"] = SlidingWindow;
            obj["attn_logit_softcapping"] = AttnLogitSoftcapping;
            obj["final_logit_softcapping"] = FinalLogitSoftcapping;
        }
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
        long layer = attention + mlp + (IsGemma ? 4 : 2) * h;
        long embeddings = (long)VocabSize * h * (TieWordEmbeddings ? 1 : 2);
        return NumHiddenLayers * layer + embeddings + h;
    }
}
