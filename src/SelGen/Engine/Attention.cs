using TorchSharp;
using static TorchSharp.torch;

namespace SelGen.Engine;

/// <summary>
/// Grouped-query causal self-attention with rotary embeddings, optional per-head q/k norm (Qwen3, Gemma 3),
/// Gemma's query_pre_attn_scalar scale and Gemma 2's soft-capped scores.
/// </summary>
public sealed class Attention : nn.Module
{
    public readonly AdaptableLinear q_proj, k_proj, v_proj, o_proj;
    public readonly RmsNorm? q_norm, k_norm;
    readonly int _heads, _kvHeads, _headDim;
    readonly double _scale;
    readonly double? _softcap;

    public Attention(ModelConfig c, ScalarType dtype = ScalarType.Float32, Device? device = null) : base(nameof(Attention))
    {
        _heads = c.NumAttentionHeads;
        _kvHeads = c.NumKeyValueHeads;
        _headDim = c.HeadDim;
        _scale = c.AttentionScale;
        _softcap = c.AttnLogitSoftcapping;
        q_proj = new AdaptableLinear(c.HiddenSize, _heads * _headDim, c.AttentionBias, dtype, device);
        k_proj = new AdaptableLinear(c.HiddenSize, _kvHeads * _headDim, c.AttentionBias, dtype, device);
        v_proj = new AdaptableLinear(c.HiddenSize, _kvHeads * _headDim, c.AttentionBias, dtype, device);
        o_proj = new AdaptableLinear(_heads * _headDim, c.HiddenSize, hasBias: false, dtype, device);
        if (c.QkNorm)
        {
            q_norm = new RmsNorm(_headDim, c.RmsNormEps, c.IsGemma, dtype, device);
            k_norm = new RmsNorm(_headDim, c.RmsNormEps, c.IsGemma, dtype, device);
        }
        RegisterComponents();
    }

    /// <summary>Soft-capped scores need the scores themselves, so the fused kernel cannot be used: callers pass an explicit mask.</summary>
    public bool NeedsExplicitMask => _softcap is not null;

    /// <param name="x">(B, T, C)</param>
    /// <param name="cos">(B, T, hd) rotary table for the T new positions; <paramref name="sin"/> likewise.</param>
    /// <param name="mask">null for plain causal attention, else a boolean (B, 1, T, S) mask, true = attend.</param>
    /// <param name="cache">the layer's cache: past keys and values are prepended, and the new ones appended.</param>
    /// <param name="window">the layer's sliding window: the cache then keeps only the last window - 1 positions.</param>
    public Tensor Forward(Tensor x, Tensor cos, Tensor sin, Tensor? mask, LayerCache? cache, int? window = null)
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
        if (cache is not null) (k, v) = cache.Append(k, v, window - 1);   // (B, Hkv, S, hd)
        if (_kvHeads != _heads)
        {
            // libtorch 2.10's SDPA binding in TorchSharp has no enable_gqa: share each kv head across its group.
            k = k.repeat_interleave(_heads / _kvHeads, dim: 1);
            v = v.repeat_interleave(_heads / _kvHeads, dim: 1);
        }
        var y = _softcap is double cap ? SoftcappedAttention(q, k, v, mask!, cap) : FusedAttention(q, k, v, mask, t);
        y = y.transpose(1, 2).reshape(b, t, _heads * _headDim);      // (B, T, H*hd)
        return o_proj.forward(y).MoveToOuterDisposeScope();
    }

    Tensor FusedAttention(Tensor q, Tensor k, Tensor v, Tensor? mask, long t)
    {
        // SDPA scales by hd^-1/2; a different scale (Gemma's query_pre_attn_scalar) is folded into the queries.
        double defaultScale = 1.0 / Math.Sqrt(_headDim);
        if (Math.Abs(_scale - defaultScale) > 1e-12 * defaultScale) q = q * (_scale / defaultScale);
        // Without a mask: a full causal block (T == S), or one new query that may see every cached key
        // (SDPA's is_causal aligns to the top-left corner, so it must be off when T < S).
        return mask is null
            ? nn.functional.scaled_dot_product_attention(q, k, v, is_casual: t == k.shape[2])
            : nn.functional.scaled_dot_product_attention(q, k, v, attn_mask: mask);
    }

    /// <summary>Gemma 2: softmax(cap·tanh(QKᵀ·scale / cap) + mask) V, the softmax in fp32.</summary>
    Tensor SoftcappedAttention(Tensor q, Tensor k, Tensor v, Tensor mask, double cap)
    {
        var scores = q.matmul(k.transpose(-2, -1)) * _scale;                       // (B, H, T, S)
        scores = (scores / cap).tanh() * cap;
        scores = scores.masked_fill(mask.logical_not(), double.NegativeInfinity);
        var weights = scores.to_type(ScalarType.Float32).softmax(-1).to_type(q.dtype);
        return weights.matmul(v);                                                  // (B, H, T, hd)
    }
}
