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
public abstract class BenchOptimizer : IDisposable
{
    public const double LearningRate = 1e-4;
    public const double Beta1 = 0.9;
    public const double Beta2 = 0.999;
    public const double Eps = 1e-8;
    public const double WeightDecay = 0.01;

    public abstract void Step();
    public abstract void Dispose();

    public static BenchOptimizer Create(string name, DecoderLM model) => name switch
    {
        "fused" => new Fused(new FusedAdamW(model.parameters(), LearningRate, Beta1, Beta2, Eps, WeightDecay)),
        "torchsharp" => new Managed(model, torch.optim.AdamW(model.parameters(), LearningRate, Beta1, Beta2, Eps, WeightDecay)),
        _ => throw new SelGenException($"train benchmark setting 'optimizer' is '{name}'; choose one of: {string.Join(", ", TrainBenchSettings.Optimizers)}"),
    };

    sealed class Fused(FusedAdamW inner) : BenchOptimizer
    {
        public override void Step() { inner.Step(); inner.ZeroGrad(); }
        public override void Dispose() => inner.Dispose();
    }

    sealed class Managed(DecoderLM model, torch.optim.Optimizer inner) : BenchOptimizer
    {
        // The module's zero_grad drops the gradients; the optimizer's would memset them.
        public override void Step() { inner.step(); model.zero_grad(set_to_none: true); }
        public override void Dispose() => inner.Dispose();
    }
}
