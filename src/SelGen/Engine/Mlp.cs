using TorchSharp;
using static TorchSharp.torch;

namespace SelGen.Engine;

/// <summary>Gated feed-forward block: down(act(gate(x)) * up(x)); SwiGLU (silu) for Llama/Qwen, GeGLU (tanh GELU) for Gemma.</summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    public readonly AdaptableLinear gate_proj, up_proj, down_proj;
    readonly bool _gelu;

    public Mlp(ModelConfig c, ScalarType dtype = ScalarType.Float32, Device? device = null) : base(nameof(Mlp))
    {
        gate_proj = new AdaptableLinear(c.HiddenSize, c.IntermediateSize, hasBias: false, dtype, device);
        up_proj = new AdaptableLinear(c.HiddenSize, c.IntermediateSize, hasBias: false, dtype, device);
        down_proj = new AdaptableLinear(c.IntermediateSize, c.HiddenSize, hasBias: false, dtype, device);
        _gelu = c.Activation == "gelu_pytorch_tanh";
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var gate = gate_proj.forward(x);
        var activated = _gelu ? TanhGelu(gate) : nn.functional.silu(gate);
        return down_proj.forward(activated * up_proj.forward(x)).MoveToOuterDisposeScope();
    }

    /// <summary>GELU with the tanh approximation (Hendrycks and Gimpel 2016): x/2 · (1 + tanh(√(2/π)(x + 0.044715 x³))).</summary>
    public static Tensor TanhGelu(Tensor x)
    {
        using var scope = NewDisposeScope();
        var inner = (x + x.pow(3) * 0.044715) * Math.Sqrt(2.0 / Math.PI);
        return (x * 0.5 * (inner.tanh() + 1.0)).MoveToOuterDisposeScope();
    }
}
