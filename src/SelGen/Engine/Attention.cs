using TorchSharp;
using static TorchSharp.torch;

namespace SelGen.Engine;

/// <summary>Grouped-query causal self-attention with rotary embeddings and optional per-head q/k norm (Qwen3).</summary>
public sealed class Attention : nn.Module
{
    public readonly AdaptableLinear q_proj, k_proj, v_proj, o_proj;
    public readonly RmsNorm? q_norm, k_norm;
    readonly int _heads, _kvHeads, _headDim;

    public Attention(ModelConfig c) : base(nameof(Attention))
    {
        _heads = c.NumAttentionHeads;
        _kvHeads = c.NumKeyValueHeads;
        _headDim = c.HeadDim;
        q_proj = new AdaptableLinear(c.HiddenSize, _heads * _headDim, c.AttentionBias);
        k_proj = new AdaptableLinear(c.HiddenSize, _kvHeads * _headDim, c.AttentionBias);
        v_proj = new AdaptableLinear(c.HiddenSize, _kvHeads * _headDim, c.AttentionBias);
        o_proj = new AdaptableLinear(_heads * _headDim, c.HiddenSize, hasBias: false);
        if (c.QkNorm)
        {
            q_norm = new RmsNorm(_headDim, c.RmsNormEps);
            k_norm = new RmsNorm(_headDim, c.RmsNormEps);
        }
        RegisterComponents();
    }

    /// <param name="x">(B, T, C)</param>
    /// <param name="cos">(B, T, hd) rotary table for the T new positions; <paramref name="sin"/> likewise.</param>
    /// <param name="mask">null for plain causal attention, else a boolean (B, 1, T, S) mask, true = attend.</param>
    /// <param name="cache">the layer's cache: past keys and values are prepended, and the new ones appended.</param>
    public Tensor Forward(Tensor x, Tensor cos, Tensor sin, Tensor? mask, LayerCache? cache)
    {
        using var scope = NewDisposeScope();
        long b = x.shape[0], t = x.shape[1];
        var q = q_proj.forward(x).view(b, t, _heads, _headDim);      // (B, T, H, hd)
        var k = k_proj.forward(x).view(b, t, _kvHeads, _headDim);    // (B, T, Hkv, hd)
        var v = v_proj.forward(x).view(b, t, _kvHeads, _headDim);
        if (q_norm is not null) { q = q_norm.forward(q); k = k_norm!.forward(k); }
        q = Rotary.Apply(q.transpose(1, 2), cos, sin);                // (B, H, T, hd)
        k = Rotary.Apply(k.transpose(1, 2), cos, sin);                // (B, Hkv, T, hd)
        v = v.transpose(1, 2);
        if (cache is not null) (k, v) = cache.Append(k, v);           // (B, Hkv, S, hd)
        if (_kvHeads != _heads)
        {
            // libtorch 2.10's SDPA binding in TorchSharp has no enable_gqa: share each kv head across its group.
            k = k.repeat_interleave(_heads / _kvHeads, dim: 1);
            v = v.repeat_interleave(_heads / _kvHeads, dim: 1);
        }
        // Without a mask: a full causal block (T == S), or one new query that may see every cached key
        // (SDPA's is_causal aligns to the top-left corner, so it must be off when T < S).
        var y = mask is null
            ? nn.functional.scaled_dot_product_attention(q, k, v, is_casual: t == k.shape[2])
            : nn.functional.scaled_dot_product_attention(q, k, v, attn_mask: mask);
        y = y.transpose(1, 2).reshape(b, t, _heads * _headDim);      // (B, T, H*hd)
        return o_proj.forward(y).MoveToOuterDisposeScope();
    }
}

/// <summary>One pre-norm decoder layer: x + attn(norm(x)), then + mlp(norm(x)).</summary>
public sealed class DecoderLayer : nn.Module
{
    public readonly Attention self_attn;
    public readonly Mlp mlp;
    public readonly RmsNorm input_layernorm, post_attention_layernorm;

    public DecoderLayer(ModelConfig c) : base(nameof(DecoderLayer))
    {
        self_attn = new Attention(c);
        mlp = new Mlp(c);
        input_layernorm = new RmsNorm(c.HiddenSize, c.RmsNormEps);
        post_attention_layernorm = new RmsNorm(c.HiddenSize, c.RmsNormEps);
        RegisterComponents();
    }

    public Tensor Forward(Tensor x, Tensor cos, Tensor sin, Tensor? mask, LayerCache? cache)
    {
        using var scope = NewDisposeScope();
        var h = x + self_attn.Forward(input_layernorm.forward(x), cos, sin, mask, cache);
        return (h + mlp.forward(post_attention_layernorm.forward(h))).MoveToOuterDisposeScope();
    }
}
