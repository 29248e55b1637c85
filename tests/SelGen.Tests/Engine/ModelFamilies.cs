using SelGen.Engine;
using static TorchSharp.torch;

namespace SelGen.Tests.Engine;

/// <summary>
/// Tiny configs of each supported architecture whose distinctive parts all act on a 10-token prompt:
/// windows of 4, soft caps small enough that tanh bends the scores, a rope_scaling whose three Llama 3 bands
/// each hold one of head_dim 8's four frequencies.
/// </summary>
static class ModelFamilies
{
    public const int Window = 4;

    public static readonly string[] Names = ["gemma2", "gemma3_text", "llama3", "mistral", "qwen3", "qwen2"];

    public static ModelConfig Config(string name)
    {
        var tiny = TestModels.TinyConfig() with { NumHiddenLayers = 3 };
        return (name switch
        {
            "gemma2" => tiny with
            {
                ModelType = "gemma2", HiddenAct = "gelu_pytorch_tanh", HiddenActivation = "gelu_pytorch_tanh",
                SlidingWindow = Window, QueryPreAttnScalar = 16, AttnLogitSoftcapping = 2.0, FinalLogitSoftcapping = 3.0,
            },
            "gemma3_text" => tiny with
            {
                ModelType = "gemma3_text", NumHiddenLayers = 4, HiddenActivation = "gelu_pytorch_tanh",
                SlidingWindow = Window, SlidingWindowPattern = 2, QueryPreAttnScalar = 16, RopeTheta = 1_000_000, RopeLocalBaseFreq = 10_000,
                RopeScaling = new RopeScaling { RopeType = "linear", Factor = 4 },
            },
            "llama3" => tiny with
            {
                ModelType = "llama", TieWordEmbeddings = false, NumKeyValueHeads = 4, RopeTheta = 10_000,
                RopeScaling = new RopeScaling { RopeType = "llama3", Factor = 8, LowFreqFactor = 1, HighFreqFactor = 4, OriginalMaxPositionEmbeddings = 64 },
            },
            "mistral" => tiny with { ModelType = "mistral", TieWordEmbeddings = false, SlidingWindow = Window },
            "qwen2" => tiny with { ModelType = "qwen2", AttentionBias = true, TieWordEmbeddings = false },
            _ => tiny,
        }).Validate(name);
    }

    /// <summary>A model with every weight moved off its initial value (norms at 0 or 1 would hide a weight that fails to load).</summary>
    public static DecoderLM Random(string name, int seed = 3, ModelConfig? config = null)
    {
        var model = TestModels.Tiny(seed, config ?? Config(name));
        using var _ = no_grad();
        var g = new Generator(7);
        foreach (var p in model.parameters()) p.add_(randn(p.shape, generator: g) * 0.1);
        return model;
    }

    /// <summary>
    /// Greedy continuation of equal-length prompts, feeding the whole sequence each step or only the newest token with
    /// a KV cache; also the last position's logits of every step, (steps, B, V) flattened.
    /// </summary>
    public static (long[][] Tokens, float[] StepLogits) Greedy(DecoderLM model, Tensor prompts, int newTokens, bool useCache)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        using var cache = useCache ? new KvCache(model.Config.NumHiddenLayers) : null;
        var ids = prompts;
        var steps = new List<Tensor>();
        var last = model.forward(new ModelInput(ids, Cache: cache)).Logits[.., -1];     // (B, V)
        for (int step = 0; step < newTokens; step++)
        {
            steps.Add(last);
            ids = cat([ids, last.argmax(-1, keepdim: true)], dim: 1);
            if (step + 1 == newTokens) break;
            var input = useCache ? new ModelInput(ids[.., ^1..], Cache: cache) : new ModelInput(ids);
            last = model.forward(input).Logits[.., -1];
        }
        var generated = ids[.., (int)prompts.shape[1]..];
        var tokens = Enumerable.Range(0, (int)generated.shape[0]).Select(b => generated[b].data<long>().ToArray()).ToArray();
        return (tokens, stack(steps).contiguous().data<float>().ToArray());
    }
}
