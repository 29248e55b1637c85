namespace SelGen.Engine;

/// <summary>Named model sizes for generated worlds. The vocabulary comes from the world's tokenizer.</summary>
public static class Presets
{
    public static readonly IReadOnlyList<string> Names = ["tiny", "small", "base", "organism"];

    /// <summary>
    /// tiny ~0.2M parameters (unit tests), organism ~0.35M (the GCD world's model organism), small ~2.4M (pretrains on 2 cores in minutes),
    /// base ~13M (the largest that is still practical on a CPU here). Counts exclude embeddings.
    /// </summary>
    public static ModelConfig Get(string name, int vocabSize) => name switch
    {
        "tiny" => Make(vocabSize, hidden: 64, layers: 4, heads: 4, kvHeads: 2, intermediate: 192),
        "organism" => Make(vocabSize, hidden: 96, layers: 3, heads: 4, kvHeads: 4, intermediate: 256),
        "small" => Make(vocabSize, hidden: 192, layers: 6, heads: 6, kvHeads: 2, intermediate: 512),
        "base" => Make(vocabSize, hidden: 384, layers: 8, heads: 6, kvHeads: 2, intermediate: 1024),
        _ => throw new SelGenException($"unknown preset '{name}'; choose one of: {string.Join(", ", Names)}"),
    };

    static ModelConfig Make(int vocabSize, int hidden, int layers, int heads, int kvHeads, int intermediate) => new ModelConfig
    {
        ModelType = "qwen3",
        VocabSize = vocabSize,
        HiddenSize = hidden,
        IntermediateSize = intermediate,
        NumHiddenLayers = layers,
        NumAttentionHeads = heads,
        NumKeyValueHeads = kvHeads,
        HeadDim = hidden / heads,
        RopeTheta = 10000,
        RmsNormEps = 1e-6,
        MaxPositionEmbeddings = 1024,
        TieWordEmbeddings = true,
    }.Validate($"preset '{nameof(Presets)}'");
}
