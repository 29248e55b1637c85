using static TorchSharp.torch;
using TorchGenerator = TorchSharp.torch.Generator;

namespace SelGen.Generation;

/// <summary>Picks the next token of each row: argmax, or a sample from the temperature-scaled, top-p truncated distribution.</summary>
public static class TokenSampler
{
    /// <param name="logits">(A, V) float.</param>
    /// <param name="generators">one CPU generator per row (ignored when greedy).</param>
    /// <returns>(A) int64 token ids.</returns>
    public static Tensor Next(Tensor logits, GenerationOptions options, IReadOnlyList<TorchGenerator> generators)
    {
        using var scope = NewDisposeScope();
        if (options.Greedy) return logits.argmax(-1).MoveToOuterDisposeScope();
        var probs = (logits / options.Temperature).softmax(-1);                        // (A, V)
        var (sorted, order) = probs.sort(-1, descending: true);                         // (A, V)
        // Nucleus (Holtzman et al. 2020): keep a token while the mass ranked above it is still below top-p;
        // the most likely token is always kept.
        var keep = (sorted.cumsum(-1) - sorted).lt(options.TopP);
        var cdf = (sorted * keep).cumsum(-1);                                           // (A, V), unnormalised
        var u = cat(generators.Select(g => rand(1, dtype: ScalarType.Float32, generator: g)).ToArray())
                    .to(logits.device).unsqueeze(1) * cdf[.., ^1..];                     // (A, 1), uniform in [0, mass)
        // First rank whose cumulative mass exceeds u; a dropped token adds no mass, so it is never chosen.
        var rank = searchsorted(cdf, u, right: true).clamp_max(cdf.shape[1] - 1);       // (A, 1)
        return order.gather(1, rank).squeeze(1).MoveToOuterDisposeScope();
    }

    /// <summary>A per-request seed from the run's seed and the request's index (SplitMix64 finaliser, so nearby inputs give unrelated seeds).</summary>
    public static ulong RequestSeed(long seed, int index)
    {
        ulong z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)index + 1);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
