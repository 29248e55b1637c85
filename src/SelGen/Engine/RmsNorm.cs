using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SelGen.Engine;

/// <summary>
/// Root-mean-square layer norm (Zhang and Sennrich 2019), statistics in fp32. Llama's scales by <c>w</c>
/// (initialised at 1) after casting back; Gemma's scales by <c>1 + w</c> (w initialised at 0) in fp32, then casts.
/// </summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    readonly Parameter weight;
    readonly double _eps;
    readonly bool _offset;

    public RmsNorm(long size, double eps, bool offset = false, ScalarType dtype = ScalarType.Float32, Device? device = null) : base(nameof(RmsNorm))
    {
        weight = nn.Parameter(offset ? zeros(size, dtype: dtype, device: device) : ones(size, dtype: dtype, device: device));
        _eps = eps;
        _offset = offset;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var x32 = x.to_type(ScalarType.Float32);
        var normed = x32 * rsqrt(x32.pow(2).mean([-1], keepdim: true) + _eps);
        var y = _offset ? (normed * (weight.to_type(ScalarType.Float32) + 1.0)).to_type(x.dtype) : weight * normed.to_type(x.dtype);
        return y.MoveToOuterDisposeScope();
    }
}
