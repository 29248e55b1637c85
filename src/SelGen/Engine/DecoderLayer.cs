using TorchSharp;
using static TorchSharp.torch;

namespace SelGen.Engine;

/// <summary>
/// One pre-norm decoder layer: x + attn(norm(x)), then + mlp(norm(x)). Gemma 2 and 3 also normalise each
/// block's output before the residual sum ("sandwich" norms: post_attention_layernorm is then the attention's
/// output norm, and pre_/post_feedforward_layernorm surround the MLP).
/// </summary>
public sealed class DecoderLayer : nn.Module
{
    public readonly Attention self_attn;
    public readonly Mlp mlp;
    public readonly RmsNorm input_layernorm, post_attention_layernorm;
    public readonly RmsNorm? pre_feedforward_layernorm, post_feedforward_layernorm;

    public DecoderLayer(ModelConfig c, ScalarType dtype = ScalarType.Float32, Device? device = null) : base(nameof(DecoderLayer))
    {
        self_attn = new Attention(c, dtype, device);
        mlp = new Mlp(c, dtype, device);
        input_layernorm = new RmsNorm(c.HiddenSize, c.RmsNormEps, c.IsGemma, dtype, device);
        post_attention_layernorm = new RmsNorm(c.HiddenSize, c.RmsNormEps, c.IsGemma, dtype, device);
        if (c.IsGemma)
        {
            pre_feedforward_layernorm = new RmsNorm(c.HiddenSize, c.RmsNormEps, offset: true, dtype, device);
            post_feedforward_layernorm = new RmsNorm(c.HiddenSize, c.RmsNormEps, offset: true, dtype, device);
        }
        RegisterComponents();
    }

    public Tensor Forward(Tensor x, Tensor cos, Tensor sin, Tensor? mask, LayerCache? cache, int? window = null)
    {
        using var scope = NewDisposeScope();
        var attention = self_attn.Forward(input_layernorm.forward(x), cos, sin, mask, cache, window);
        if (pre_feedforward_layernorm is null)
        {
            var h = x + attention;
            return (h + mlp.forward(post_attention_layernorm.forward(h))).MoveToOuterDisposeScope();
        }
        var g = x + post_attention_layernorm.forward(attention);
        return (g + post_feedforward_layernorm!.forward(mlp.forward(pre_feedforward_layernorm.forward(g)))).MoveToOuterDisposeScope();
    }
}
