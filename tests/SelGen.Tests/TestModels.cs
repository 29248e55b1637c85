using SelGen.Engine;
using static TorchSharp.torch;

namespace SelGen.Tests;

/// <summary>Small deterministic models and inputs shared by tests.</summary>
public static class TestModels
{
    public static ModelConfig TinyConfig(int vocab = 37, int kvHeads = 2, string modelType = "qwen3", bool tied = true) => new()
    {
        ModelType = modelType,
        VocabSize = vocab,
        HiddenSize = 32,
        IntermediateSize = 48,
        NumHiddenLayers = 2,
        NumAttentionHeads = 4,
        NumKeyValueHeads = kvHeads,
        HeadDim = 8,
        MaxPositionEmbeddings = 128,
        TieWordEmbeddings = tied,
        AttentionBias = modelType == "qwen2",
    };

    public static DecoderLM Tiny(int seed = 0, ModelConfig? config = null)
    {
        manual_seed(seed);
        return new DecoderLM(config ?? TinyConfig());
    }

    public static Tensor RandomIds(int batch, int length, int vocab = 37, int seed = 1)
    {
        var g = new Generator((ulong)seed);
        return randint(0, vocab, [batch, length], generator: g, dtype: ScalarType.Int64);
    }

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "selgen-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}

public static class TensorAssert
{
    /// <summary>Same shape and every element equal (TorchSharp's Tensor.equal is element-wise).</summary>
    public static bool Identical(this Tensor a, Tensor b) =>
        a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
}
