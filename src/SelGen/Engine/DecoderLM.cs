using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SelGen.Engine;

/// <summary>What the model is asked to compute.</summary>
/// <param name="InputIds">(B, T) token ids, int64.</param>
/// <param name="AttentionMask">optional (B, S) with 1 for real tokens and 0 for padding, covering the cached
/// positions and the new ones (S = cache length + T). Needed for left-padded batches.</param>
/// <param name="Cache">optional KV cache, extended in place.</param>
/// <param name="OutputHiddenStates">return every layer's hidden state.</param>
public sealed record ModelInput(Tensor InputIds, Tensor? AttentionMask = null, KvCache? Cache = null, bool OutputHiddenStates = false);

/// <summary>
/// The model's answer. <paramref name="HiddenStates"/>, when asked for, has L+1 entries as in Hugging Face:
/// [0] the embeddings, [l] the output of decoder layer l, and [L] taken after the final norm.
/// </summary>
/// <param name="Logits">(B, T, V)</param>
public sealed record ModelOutput(Tensor Logits, IReadOnlyList<Tensor>? HiddenStates);

/// <summary>Embeddings, decoder layers and final norm: Hugging Face's <c>model.*</c>.</summary>
public sealed class DecoderBody : nn.Module
{
    public readonly Embedding embed_tokens;
    public readonly ModuleList<DecoderLayer> layers;
    public readonly RmsNorm norm;

    public DecoderBody(ModelConfig c, ScalarType dtype = ScalarType.Float32, Device? device = null) : base(nameof(DecoderBody))
    {
        embed_tokens = nn.Embedding(c.VocabSize, c.HiddenSize, device: device, dtype: dtype);
        layers = nn.ModuleList(Enumerable.Range(0, c.NumHiddenLayers).Select(_ => new DecoderLayer(c, dtype, device)).ToArray());
        norm = new RmsNorm(c.HiddenSize, c.RmsNormEps, c.IsGemma, dtype, device);
        RegisterComponents();
    }
}

/// <summary>
/// A Llama / Qwen / Mistral / Gemma 2 / Gemma 3 decoder-only language model whose parameter names equal Hugging Face's
/// (<c>model.embed_tokens.weight</c>, <c>model.layers.{i}.self_attn.q_proj.weight</c>, ..., <c>lm_head.weight</c>).
/// Gemma scales the embeddings by √hidden and, in Gemma 2, soft-caps the output logits.
/// </summary>
public sealed class DecoderLM : nn.Module<ModelInput, ModelOutput>
{
    public readonly DecoderBody model;
    public readonly AdaptableLinear? lm_head;

    public ModelConfig Config { get; }

    /// <summary>
    /// Applied to each decoder layer's output (layer index, (B, T, C) residual stream) before the next layer reads
    /// it: activation steering and concept ablation edit the residual stream here. Null (the default) changes nothing.
    /// </summary>
    public Func<int, Tensor, Tensor>? LayerOutputHook { get; set; }

    /// <summary>A freshly initialised model (in fp32 on the CPU, then cast and moved, so the random draw is the same everywhere).</summary>
    public DecoderLM(ModelConfig config, Device? device = null, ScalarType dtype = ScalarType.Float32)
        : this(config, ScalarType.Float32, null)
    {
        Initialize();
        if (dtype != ScalarType.Float32) this.to(dtype);
        if (device is not null && device.type != DeviceType.CPU) this.to(device);
    }

    DecoderLM(ModelConfig config, ScalarType dtype, Device? device) : base(nameof(DecoderLM))
    {
        Config = config.Validate();
        model = new DecoderBody(config, dtype, device);
        if (!config.TieWordEmbeddings) lm_head = new AdaptableLinear(config.HiddenSize, config.VocabSize, hasBias: false, dtype, device);
        RegisterComponents();
    }

    /// <summary>
    /// A model whose tensors are allocated directly in <paramref name="dtype"/> on <paramref name="device"/> and left
    /// uninitialised (norm weights aside), for loading a checkpoint: no fp32 copy and no random draw first.
    /// </summary>
    public static DecoderLM Uninitialized(ModelConfig config, Device? device = null, ScalarType dtype = ScalarType.Float32) =>
        new(config, dtype, device is null || device.type == DeviceType.CPU ? null : device);

    public Device Device => model.embed_tokens.weight!.device;
    public ScalarType DType => model.embed_tokens.weight!.dtype;

    /// <summary>Every linear layer with its Hugging Face module name (e.g. "model.layers.0.mlp.up_proj").</summary>
    public IEnumerable<(string Name, AdaptableLinear Layer)> Linears() =>
        named_modules().Where(m => m.module is AdaptableLinear).Select(m => (m.name, (AdaptableLinear)m.module));

    /// <summary>GPT-2 style: N(0, 0.02), with residual output projections scaled by 1/sqrt(2L).</summary>
    void Initialize()
    {
        using var _ = no_grad();
        var generator = new Generator(0);
        double residualStd = 0.02 / Math.Sqrt(2.0 * Config.NumHiddenLayers);
        nn.init.normal_(model.embed_tokens.weight!, 0, 0.02, generator);
        foreach (var (name, layer) in Linears())
        {
            bool residual = name.EndsWith("o_proj", StringComparison.Ordinal) || name.EndsWith("down_proj", StringComparison.Ordinal);
            nn.init.normal_(layer.weight, 0, residual ? residualStd : 0.02, generator);
        }
    }

    public override ModelOutput forward(ModelInput input)
    {
        using var scope = NewDisposeScope();
        var ids = input.InputIds;
        long b = ids.shape[0], t = ids.shape[1];
        var masks = new AttentionMasks(b, t, input.Cache?.Length ?? 0, input.AttentionMask, ids.device);
        var tables = new Dictionary<(double, RopeScaling?), (Tensor Cos, Tensor Sin)>();

        var x = model.embed_tokens.forward(ids);                                  // (B, T, C)
        if (Config.IsGemma) x = x * tensor(Math.Sqrt(Config.HiddenSize), dtype: x.dtype, device: x.device);  // rounded to the dtype, as Gemma does
        var hidden = input.OutputHiddenStates ? new List<Tensor> { x } : null;
        for (int i = 0; i < model.layers.Count; i++)
        {
            var rope = Config.LayerRope(i);
            if (!tables.TryGetValue(rope, out var table))
                tables[rope] = table = Rotary.Tables(masks.Positions, Config.HeadDim, rope.Theta, DType, rope.Scaling);
            var layer = model.layers[i];
            var cache = input.Cache?.Layers[i];
            int? window = Config.LayerWindow(i);
            // A sliding layer's cache holds only its last positions: its keys start after the dropped ones.
            long keyStart = cache is null ? 0 : cache.Seen - cache.Length;
            var mask = masks.For(window, layer.self_attn.NeedsExplicitMask, keyStart);
            x = layer.Forward(x, table.Cos, table.Sin, mask, cache, window);
            if (LayerOutputHook is { } hook) x = hook(i, x);
            hidden?.Add(x);
        }
        x = model.norm.forward(x);
        if (hidden is not null) hidden[^1] = x;
        var logits = lm_head is null ? nn.functional.linear(x, model.embed_tokens.weight!) : lm_head.forward(x);  // (B, T, V)
        if (Config.FinalLogitSoftcapping is double cap) logits = (logits / cap).tanh() * cap;
        return new ModelOutput(
            logits.MoveToOuterDisposeScope(),
            hidden?.Select(h => h.MoveToOuterDisposeScope()).ToArray());
    }

    /// <summary>Logits only: forward(new ModelInput(ids)).Logits.</summary>
    public Tensor Logits(Tensor inputIds, Tensor? attentionMask = null) => forward(new ModelInput(inputIds, attentionMask)).Logits;
}
