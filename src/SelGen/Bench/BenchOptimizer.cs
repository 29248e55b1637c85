namespace SelGen.Bench;

/// <summary>
/// AdamW hyper-parameters of the benchmark, those of the shared training loop (METHODS.md:
/// β 0.9/0.999, eps 1e-8, weight decay 0.01). bench/pytorch_reference.py uses the same values.
/// </summary>
public static class BenchOptimizer
{
    public const double LearningRate = 1e-4;
    public const double Beta1 = 0.9;
    public const double Beta2 = 0.999;
    public const double Eps = 1e-8;
    public const double WeightDecay = 0.01;
}
