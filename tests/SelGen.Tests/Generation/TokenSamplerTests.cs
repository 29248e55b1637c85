using SelGen.Generation;
using Xunit;
using static TorchSharp.torch;

namespace SelGen.Tests.Generation;

public sealed class TokenSamplerTests
{
    static int[] Draw(float[] probabilities, GenerationOptions options, int draws)
    {
        using var scope = NewDisposeScope();
        var logits = tensor(probabilities).log().unsqueeze(0).expand(draws, -1);                   // (N, V)
        var generators = Enumerable.Range(0, draws).Select(i => new Generator(TokenSampler.RequestSeed(options.Seed, i))).ToList();
        var counts = new int[probabilities.Length];
        foreach (var id in TokenSampler.Next(logits, options, generators).data<long>()) counts[id]++;
        foreach (var g in generators) g.Dispose();
        return counts;
    }

    [Fact]
    public void Samples_follow_the_distribution()
    {
        var counts = Draw([0.5f, 0.3f, 0.2f], new GenerationOptions { Temperature = 1, Seed = 11 }, 6000);
        // Binomial standard deviation is at most sqrt(6000 * 0.25) ≈ 39; allow four of them.
        Assert.InRange(counts[0], 3000 - 160, 3000 + 160);
        Assert.InRange(counts[1], 1800 - 160, 1800 + 160);
        Assert.InRange(counts[2], 1200 - 160, 1200 + 160);
    }

    [Fact]
    public void Temperature_sharpens_the_distribution()
    {
        // At T = 0.5 the probabilities become proportional to p^2: 0.25 / 0.09 / 0.04 → 0.658 / 0.237 / 0.105.
        var counts = Draw([0.5f, 0.3f, 0.2f], new GenerationOptions { Temperature = 0.5, Seed = 12 }, 6000);
        Assert.InRange(counts[0], 3947 - 160, 3947 + 160);
        Assert.InRange(counts[2], 632 - 160, 632 + 160);
    }

    [Fact]
    public void Top_p_never_samples_outside_the_nucleus()
    {
        // Mass ranked above token 2 is 0.8 >= 0.7, so only tokens 0 and 1 remain, renormalised to 5/8 and 3/8.
        var counts = Draw([0.5f, 0.3f, 0.15f, 0.05f], new GenerationOptions { Temperature = 1, TopP = 0.7, Seed = 13 }, 4000);
        Assert.Equal(0, counts[2] + counts[3]);
        Assert.InRange(counts[0], 2500 - 130, 2500 + 130);
    }

    [Fact]
    public void Greedy_takes_the_argmax()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new float[] { 0.1f, 2f, -1f, 1.9f, 0f, 5f }, [2, 3]);
        Assert.Equal([1L, 2L], TokenSampler.Next(logits, new GenerationOptions(), []).data<long>().ToArray());
    }
}
