using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SelGen.Engine;

/// <summary>Root-mean-square layer norm (Zhang and Sennrich 2019), computed in fp32 as Llama does.</summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    readonly Parameter weight;
    readonly double _eps;

    public RmsNorm(long size, double eps) : base(nameof(RmsNorm))
    {
        weight = nn.Parameter(ones(size));
        _eps = eps;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var x32 = x.to_type(ScalarType.Float32);
        var normed = x32 * rsqrt(x32.pow(2).mean([-1], keepdim: true) + _eps);
        return (weight * normed.to_type(x.dtype)).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// Rotary position embedding (Su et al. 2021) in the Hugging Face "rotate half" layout:
/// the first and second halves of each head dimension form the rotated pairs.
/// </summary>
public static class Rotary
{
    /// <summary>cos and sin tables for the given positions. positions: (B, T) -> each (B, T, head_dim).</summary>
    public static (Tensor Cos, Tensor Sin) Tables(Tensor positions, int headDim, double theta, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var exponents = arange(0, headDim, 2, dtype: ScalarType.Float64, device: positions.device) / headDim;
        var invFreq = pow(theta, exponents).reciprocal().to_type(ScalarType.Float32);    // (hd/2)
        var freqs = positions.to_type(ScalarType.Float32).unsqueeze(-1) * invFreq;        // (B, T, hd/2)
        var angles = cat([freqs, freqs], dim: -1);                                          // (B, T, hd)
        return (angles.cos().to_type(dtype).MoveToOuterDisposeScope(), angles.sin().to_type(dtype).MoveToOuterDisposeScope());
    }

    /// <summary>x: (B, H, T, hd); cos, sin: (B, T, hd).</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = NewDisposeScope();
        long half = x.shape[^1] / 2;
        var x1 = x[.., .., .., ..(int)half];
        var x2 = x[.., .., .., (int)half..];
        var rotated = cat([-x2, x1], dim: -1);
        return (x * cos.unsqueeze(1) + rotated * sin.unsqueeze(1)).MoveToOuterDisposeScope();
    }
}

/// <summary>SwiGLU feed-forward block: down(silu(gate(x)) * up(x)).</summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    public readonly AdaptableLinear gate_proj, up_proj, down_proj;

    public Mlp(ModelConfig c) : base(nameof(Mlp))
    {
        gate_proj = new AdaptableLinear(c.HiddenSize, c.IntermediateSize, hasBias: false);
        up_proj = new AdaptableLinear(c.HiddenSize, c.IntermediateSize, hasBias: false);
        down_proj = new AdaptableLinear(c.IntermediateSize, c.HiddenSize, hasBias: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return down_proj.forward(nn.functional.silu(gate_proj.forward(x)) * up_proj.forward(x)).MoveToOuterDisposeScope();
    }
}
