using SelGen.Engine;
using SelGen.Engine.Optim;
using TorchSharp;

namespace SelGen.Bench;

/// <summary>
/// The AdamW of the benchmark, with the hyper-parameters of the shared training loop (METHODS.md:
/// β 0.9/0.999, eps 1e-8, weight decay 0.01); bench/pytorch_reference.py uses the same values.
/// One step is the update and then zero grad with the gradients dropped (set to none, PyTorch 2's
/// default), so that the next backward writes them instead of adding to zeros.
/// </summary>
public static class BenchOptimizer
{
    public const double LearningRate = 1e-4;
    public const double Beta1 = 0.9;
    public const double Beta2 = 0.999;
    public const double Eps = 1e-8;
    public const double WeightDecay = 0.01;

    public static torch.optim.Optimizer Create(string name, DecoderLM model) => name switch
    {
        "fused" => new FusedAdamW(model.parameters(), LearningRate, Beta1, Beta2, Eps, WeightDecay),
        "torchsharp" => torch.optim.AdamW(model.parameters(), LearningRate, Beta1, Beta2, Eps, WeightDecay),
        _ => throw new SelGenException($"train benchmark setting 'optimizer' is '{name}'; choose one of: {string.Join(", ", TrainBenchSettings.Optimizers)}"),
    };
}
