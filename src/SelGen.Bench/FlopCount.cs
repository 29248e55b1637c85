using SelGen.Engine;

namespace SelGen.Bench;

/// <summary>
/// Floating-point operations of one training step (forward + backward), counted the usual way
/// (Kaplan et al. 2020; PaLM appendix B): a multiply-add is 2 FLOPs, backward costs twice forward.
/// <code>
/// FLOPs/step = 6 · N · B · T  +  12 · L · B · T² · H · hd
/// N = L · (C·H·hd + 2·C·Hkv·hd + H·hd·C + 3·C·I) + V·C   (every matmul weight, the output projection included,
///                                                        the embedding lookup and norm weights excluded)
/// attention: per layer QKᵀ and AV are 2 · 2·B·T²·H·hd forward (the full T×T square, as if not causal), ×3 with backward
/// </code>
/// </summary>
public static class FlopCount
{
    public const string Formula = "6*N*B*T + 12*L*B*T^2*H*hd, N = matmul weights incl. output projection";

    /// <summary>Weights that take part in matrix multiplications: the N of <see cref="TrainingStep"/>.</summary>
    public static long MatmulParameters(ModelConfig c)
    {
        long h = c.HiddenSize, q = (long)c.NumAttentionHeads * c.HeadDim, kv = (long)c.NumKeyValueHeads * c.HeadDim;
        long perLayer = h * q + 2 * h * kv + q * h + 3 * h * c.IntermediateSize;
        return c.NumHiddenLayers * perLayer + (long)c.VocabSize * h;
    }

    public static double TrainingStep(ModelConfig c, long batch, long seq)
    {
        double dense = 6.0 * MatmulParameters(c) * batch * seq;
        double attention = 12.0 * c.NumHiddenLayers * batch * seq * seq * c.NumAttentionHeads * c.HeadDim;
        return dense + attention;
    }
}
