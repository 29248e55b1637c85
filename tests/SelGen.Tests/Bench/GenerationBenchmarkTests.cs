using SelGen.Bench;
using SelGen.Generation;
using Xunit;
using static TorchSharp.torch;

namespace SelGen.Tests.Bench;

public sealed class GenerationBenchmarkTests
{
    [Fact]
    public void The_benchmark_measures_both_paths_and_restores_the_thread_count()
    {
        int threads = get_num_threads();
        var result = GenerationBenchmark.Run("tiny", batch: 2, promptLength: 8, newTokens: 6, threads: 1);
        Assert.True(result.CachedTokensPerSecond > 0 && result.UncachedTokensPerSecond > 0);
        Assert.Equal(12 / result.CachedSeconds, result.CachedTokensPerSecond, 1e-9);
        Assert.Equal(threads, get_num_threads());
    }
}
