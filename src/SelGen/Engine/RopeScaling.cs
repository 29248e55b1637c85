using System.Text.Json.Nodes;

namespace SelGen.Engine;

/// <summary>
/// <c>rope_scaling</c> of a Hugging Face config: how the rotary inverse frequencies are stretched to reach
/// a longer context than the model was pretrained on. Supported: <c>linear</c> (Chen et al. 2023, position
/// interpolation: every frequency divided by <c>factor</c>) and <c>llama3</c> (Llama 3.1: low frequencies
/// divided by <c>factor</c>, high ones kept, a smooth blend between).
/// </summary>
public sealed record RopeScaling
{
    public string RopeType { get; init; } = "linear";
    public double Factor { get; init; } = 1.0;
    public double LowFreqFactor { get; init; } = 1.0;
    public double HighFreqFactor { get; init; } = 4.0;
    public int OriginalMaxPositionEmbeddings { get; init; } = 8192;

    public static readonly IReadOnlySet<string> SupportedTypes = new HashSet<string> { "linear", "llama3" };

    /// <summary>Reads the object; old configs name the type "type", new ones "rope_type".</summary>
    public static RopeScaling? FromJson(JsonNode? node, string source)
    {
        if (node is null) return null;
        if (node is not JsonObject obj) throw new SelGenException($"{source}: field 'rope_scaling' must be an object or null");
        string? type = (obj["rope_type"] ?? obj["type"])?.GetValue<string>();
        if (type is null) throw new SelGenException($"{source}: field 'rope_scaling' has no 'rope_type'");
        if (type == "default") return null;
        if (!SupportedTypes.Contains(type))
            throw new SelGenException($"{source}: field 'rope_scaling.rope_type' is '{type}'; supported: {string.Join(", ", SupportedTypes)} " +
                                      "(dynamic NTK, YaRN and LongRoPE are not implemented: remove rope_scaling only if you stay within the pretraining context)");
        double Number(string key, double fallback) => obj[key] is { } v ? v.GetValue<double>() : fallback;
        var scaling = new RopeScaling
        {
            RopeType = type,
            Factor = obj["factor"] is null ? throw new SelGenException($"{source}: field 'rope_scaling.factor' is missing") : Number("factor", 1),
            LowFreqFactor = Number("low_freq_factor", 1.0),
            HighFreqFactor = Number("high_freq_factor", 4.0),
            OriginalMaxPositionEmbeddings = (int)Number("original_max_position_embeddings", 8192),
        };
        return scaling.Validate(source);
    }

    public RopeScaling Validate(string source)
    {
        if (!(Factor >= 1.0)) throw new SelGenException($"{source}: field 'rope_scaling.factor' must be at least 1; it is {Factor}");
        if (RopeType == "llama3" && !(HighFreqFactor > LowFreqFactor && LowFreqFactor > 0))
            throw new SelGenException($"{source}: fields 'rope_scaling.high_freq_factor' ({HighFreqFactor}) must exceed 'low_freq_factor' ({LowFreqFactor}) > 0");
        if (RopeType == "llama3" && OriginalMaxPositionEmbeddings <= 0)
            throw new SelGenException($"{source}: field 'rope_scaling.original_max_position_embeddings' must be positive");
        return this;
    }

    public JsonObject ToJson()
    {
        var obj = new JsonObject { ["rope_type"] = RopeType, ["factor"] = Factor };
        if (RopeType == "llama3")
        {
            obj["low_freq_factor"] = LowFreqFactor;
            obj["high_freq_factor"] = HighFreqFactor;
            obj["original_max_position_embeddings"] = OriginalMaxPositionEmbeddings;
        }
        return obj;
    }

    /// <summary>Scales the inverse frequencies θ^(-2i/d) in place.</summary>
    public void Apply(double[] invFreq)
    {
        if (RopeType == "linear")
        {
            for (int i = 0; i < invFreq.Length; i++) invFreq[i] /= Factor;
            return;
        }
        // Llama 3.1: wavelengths longer than original/low_freq_factor are interpolated by the factor, those
        // shorter than original/high_freq_factor kept, and the band between blended linearly in 1/wavelength.
        double lowWavelen = OriginalMaxPositionEmbeddings / LowFreqFactor;
        double highWavelen = OriginalMaxPositionEmbeddings / HighFreqFactor;
        for (int i = 0; i < invFreq.Length; i++)
        {
            double wavelen = 2 * Math.PI / invFreq[i];
            if (wavelen > lowWavelen) invFreq[i] /= Factor;
            else if (wavelen >= highWavelen)
            {
                double smooth = (OriginalMaxPositionEmbeddings / wavelen - LowFreqFactor) / (HighFreqFactor - LowFreqFactor);
                invFreq[i] = (1 - smooth) * invFreq[i] / Factor + smooth * invFreq[i];
            }
        }
    }
}
