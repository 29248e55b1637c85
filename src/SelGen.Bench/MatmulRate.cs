using System.Diagnostics;
using static TorchSharp.torch;

namespace SelGen.Bench;

/// <summary>The machine's attainable fp32 rate: a square matmul timed through libtorch, the roof the model is compared to.</summary>
public static class MatmulRate
{
    /// <summary>GFLOP/s of an n×n×n fp32 matmul (2n³ FLOPs), best of <paramref name="repeats"/> after two warm-up runs.</summary>
    public static double Measure(int n, int repeats = 5)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(0);
        var a = randn([n, n], generator: generator);   // (n, n)
        var b = randn([n, n], generator: generator);
        for (int i = 0; i < 2; i++) a.mm(b).Dispose();
        // Best, not mean: other processes share the cores, and the best run is closest to what the hardware can do.
        double best = double.MaxValue;
        for (int i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            a.mm(b).Dispose();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return 2.0 * n * n * (double)n / best / 1e9;
    }
}
