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

    public DecoderBody(ModelConfig c) : base(nameof(DecoderBody))
    {
        embed_tokens = nn.Embedding(c.VocabSize, c.HiddenSize);
        layers = nn.ModuleList(Enumerable.Range(0, c.NumHiddenLayers).Select(_ => new DecoderLayer(c)).ToArray());
        norm = new RmsNorm(c.HiddenSize, c.RmsNormEps);
        RegisterComponents();
    }
}

/// <summary>
/// A Llama / Qwen-family decoder-only language model whose parameter names equal Hugging Face's
/// (<c>model.embed_tokens.weight</c>, <c>model.layers.{i}.self_attn.q_proj.weight</c>, ..., <c>lm_head.weight</c>).
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

    public DecoderLM(ModelConfig config, Device? device = null, ScalarType dtype = ScalarType.Float32) : base(nameof(DecoderLM))
    {
        Config = config.Validate();
        model = new DecoderBody(config);
        if (!config.TieWordEmbeddings) lm_head = new AdaptableLinear(config.HiddenSize, config.VocabSize, hasBias: false);
        RegisterComponents();
        Initialize();
        if (dtype != ScalarType.Float32) this.to(dtype);
        if (device is not null && device.type != DeviceType.CPU) this.to(device);
    }

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
        long past = input.Cache?.Length ?? 0;
        var (positions, mask) = PositionsAndMask(b, t, past, input.AttentionMask, ids.device);
        var (cos, sin) = Rotary.Tables(positions, Config.HeadDim, Config.RopeTheta, DType);

        var x = model.embed_tokens.forward(ids);                                  // (B, T, C)
        var hidden = input.OutputHiddenStates ? new List<Tensor> { x } : null;
        for (int i = 0; i < model.layers.Count; i++)
        {
            x = model.layers[i].Forward(x, cos, sin, mask, input.Cache?.Layers[i]);
            if (LayerOutputHook is { } hook) x = hook(i, x);
            hidden?.Add(x);
        }
        x = model.norm.forward(x);
        if (hidden is not null) hidden[^1] = x;
        var logits = lm_head is null ? nn.functional.linear(x, model.embed_tokens.weight!) : lm_head.forward(x);  // (B, T, V)
        return new ModelOutput(
            logits.MoveToOuterDisposeScope(),
            hidden?.Select(h => h.MoveToOuterDisposeScope()).ToArray());
    }

    /// <summary>Logits only: forward(new ModelInput(ids)).Logits.</summary>
    public Tensor Logits(Tensor inputIds, Tensor? attentionMask = null) => forward(new ModelInput(inputIds, attentionMask)).Logits;

    /// <summary>
    /// Rotary positions (B, T) and the attention mask. Without padding and with no cached prefix the
    /// fused causal kernel is used (mask = null). With left padding, positions count real tokens only
    /// (as Hugging Face does), and the boolean mask (B, 1, T, S) lets each query see real keys at or
    /// before it, plus itself, so that the rows of padding queries are never empty (which would give NaN).
    /// </summary>
    static (Tensor Positions, Tensor? Mask) PositionsAndMask(long b, long t, long past, Tensor? attentionMask, Device device)
    {
        using var scope = NewDisposeScope();
        long s = past + t;
        Tensor positions;
        if (attentionMask is null)
        {
            positions = arange(past, s, dtype: ScalarType.Int64, device: device).unsqueeze(0).expand(b, t);
            if (past == 0 || t == 1)
                return (positions.MoveToOuterDisposeScope(), null);  // a single new query may see every cached key
        }
        else
        {
            if (attentionMask.shape[0] != b || attentionMask.shape[1] != s)
                throw new ArgumentException($"attention mask has shape [{string.Join(", ", attentionMask.shape)}]; expected [{b}, {s}] (cached + new positions)");
            positions = (attentionMask.to_type(ScalarType.Int64).cumsum(1) - 1).clamp_min(0)[.., (int)past..];
        }
        var queryPos = arange(past, s, device: device).view(t, 1);                 // (T, 1)
        var keyPos = arange(0, s, device: device).view(1, s);                       // (1, S)
        var allowed = keyPos.le(queryPos).unsqueeze(0);                              // (1, T, S)
        if (attentionMask is not null)
            allowed = allowed.logical_and(attentionMask.to_type(ScalarType.Bool).unsqueeze(1)).logical_or(keyPos.eq(queryPos).unsqueeze(0));
        var mask = allowed.expand(b, t, s).unsqueeze(1);                             // (B, 1, T, S)
        return (positions.MoveToOuterDisposeScope(), mask.MoveToOuterDisposeScope());
    }
}
