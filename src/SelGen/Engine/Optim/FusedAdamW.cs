using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SelGen.Engine.Optim;

/// <summary>
/// AdamW (Loshchilov and Hutter 2019, decoupled weight decay) computed by libtorch's fused kernel, the one
/// behind PyTorch's <c>AdamW(fused=True)</c>: one vectorised, multi-threaded pass per tensor over parameter,
/// gradient and both moments. TorchSharp's managed AdamW launches about ten kernels per parameter, each a
/// separate pass over memory (and, with several threads, a separate parallel region); on the base preset
/// its step is several times slower. TorchSharp has no binding for <c>torch._fused_adamw_</c>, so it is
/// reached through a TorchScript function. Results equal TorchSharp's AdamW up to float rounding.
/// </summary>
public sealed class FusedAdamW : IDisposable
{
    const string Script = """
        def step(params: List[Tensor], grads: List[Tensor], exp_avgs: List[Tensor], exp_avg_sqs: List[Tensor],
                 steps: List[Tensor], lr: float, beta1: float, beta2: float, weight_decay: float, eps: float) -> int:
            torch._foreach_add_(steps, 1)
            torch._fused_adamw_(params, grads, exp_avgs, exp_avg_sqs, [], steps, lr=lr, beta1=beta1, beta2=beta2,
                                weight_decay=weight_decay, eps=eps, amsgrad=False, maximize=False)
            return 0
        """;

    static readonly Lazy<jit.CompilationUnit> Compiled = new(() => jit.compile(Script + "\n"));   // the TorchScript parser wants a final newline

    readonly Parameter[] _parameters;
    readonly Dictionary<Parameter, State> _states = new(ReferenceEqualityComparer.Instance);

    sealed class State(Parameter p) : IDisposable
    {
        public readonly Tensor ExpAvg = zeros_like(p).DetachFromDisposeScope();
        public readonly Tensor ExpAvgSq = zeros_like(p).DetachFromDisposeScope();
        // The kernel reads the step count (for bias correction) from a float tensor, as PyTorch keeps it.
        public readonly Tensor Step = zeros(1, dtype: ScalarType.Float32, device: p.device).DetachFromDisposeScope();
        public void Dispose() { ExpAvg.Dispose(); ExpAvgSq.Dispose(); Step.Dispose(); }
    }

    public double LearningRate { get; set; }
    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Eps { get; }
    public double WeightDecay { get; }

    public FusedAdamW(IEnumerable<Parameter> parameters, double lr, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0.01)
    {
        _parameters = parameters.Where(p => p.requires_grad).ToArray();
        if (_parameters.Select(p => (p.dtype, p.device_type)).Distinct().Count() > 1)
            throw new ArgumentException("FusedAdamW needs every parameter on one device and of one dtype");
        (LearningRate, Beta1, Beta2, Eps, WeightDecay) = (lr, beta1, beta2, eps, weightDecay);
    }

    /// <summary>Updates every parameter that has a gradient; the others (and their moments) are left alone.</summary>
    public void Step()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var active = new List<(Parameter P, Tensor Grad)>();
        foreach (var p in _parameters)
            if (p.grad is { } g) active.Add((p, g));
        if (active.Count == 0) return;
        var states = active.Select(a => _states.TryGetValue(a.P, out var s) ? s : _states[a.P] = new State(a.P)).ToArray();
        Compiled.Value.invoke("step",
            active.Select(a => (Tensor)a.P).ToArray(), active.Select(a => a.Grad).ToArray(),
            states.Select(s => s.ExpAvg).ToArray(), states.Select(s => s.ExpAvgSq).ToArray(), states.Select(s => s.Step).ToArray(),
            LearningRate, Beta1, Beta2, WeightDecay, Eps);
    }

    /// <summary>Drops the gradients (set to none), so the next backward writes them instead of adding.</summary>
    public void ZeroGrad()
    {
        foreach (var p in _parameters) p.grad = null;
    }

    public void Dispose()
    {
        foreach (var s in _states.Values) s.Dispose();
        _states.Clear();
    }
}
