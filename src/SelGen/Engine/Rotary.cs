using static TorchSharp.torch;

namespace SelGen.Engine;

/// <summary>
/// Rotary position embedding (Su et al. 2021) in the Hugging Face "rotate half" layout:
/// the first and second halves of each head dimension form the rotated pairs.
/// </summary>
public static class Rotary
{
    /// <summary>θ^(-2i/d) for i &lt; d/2, stretched by <paramref name="scaling"/> when given.</summary>
    public static double[] InverseFrequencies(int headDim, double theta, RopeScaling? scaling = null)
    {
        var invFreq = Enumerable.Range(0, headDim / 2).Select(i => 1.0 / Math.Pow(theta, 2.0 * i / headDim)).ToArray();
        scaling?.Apply(invFreq);
        return invFreq;
    }

    /// <summary>cos and sin tables for the given positions. positions: (B, T) -> each (B, T, head_dim).</summary>
    public static (Tensor Cos, Tensor Sin) Tables(Tensor positions, int headDim, double theta, ScalarType dtype, RopeScaling? scaling = null)
    {
        using var scope = NewDisposeScope();
        var invFreq = tensor(InverseFrequencies(headDim, theta, scaling), device: positions.device).to_type(ScalarType.Float32);  // (hd/2)
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
