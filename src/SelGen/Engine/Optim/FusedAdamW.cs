using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SelGen.Engine.Optim;

/// <summary>
/// TorchSharp's AdamW (Loshchilov and Hutter 2019, decoupled weight decay) with its update computed by
/// libtorch's fused kernel, the one behind PyTorch's <c>AdamW(fused=True)</c>: one vectorised,
/// multi-threaded pass per tensor over parameter, gradient and both moments. The managed
/// <see cref="TorchSharp.Modules.AdamW.step"/> launches about ten kernels per parameter, each a separate pass over
/// memory and, with several threads, a separate parallel region; on the base preset it is several times
/// slower. TorchSharp does not bind <c>torch._fused_adamw_</c>, so it is reached through TorchScript.
/// Everything else is the base class's: parameter groups, per-group learning rate and weight decay,
/// the optimizer state (so save_state_dict / load_state_dict work) and zero_grad. Results equal the
/// managed AdamW up to float rounding. AMSGrad is left to the managed update.
/// </summary>
public sealed class FusedAdamW : TorchSharp.Modules.AdamW
{
    const string Script = """
        def step(params: List[Tensor], grads: List[Tensor], exp_avgs: List[Tensor], exp_avg_sqs: List[Tensor],
                 steps: List[Tensor], lr: float, beta1: float, beta2: float, weight_decay: float, eps: float,
                 maximize: bool) -> int:
            torch._fused_adamw_(params, grads, exp_avgs, exp_avg_sqs, [], steps, lr=lr, beta1=beta1, beta2=beta2,
                                weight_decay=weight_decay, eps=eps, amsgrad=False, maximize=maximize)
            return 0

        """;

    static readonly Lazy<jit.CompilationUnit> Compiled = new(() => jit.compile(Script));

    public FusedAdamW(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weight_decay = 0) : base(parameters, lr, beta1, beta2, eps, weight_decay)
    {
    }

    public FusedAdamW(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weight_decay = 0) : base(groups, lr, beta1, beta2, eps, weight_decay)
    {
    }

    public override Tensor step(Func<Tensor>? closure = null)
    {
        if (_parameter_groups.Any(g => ((Options)g.Options).amsgrad == true)) return base.step(closure!);
        return _step<TorchSharp.Modules.ParamGroup>(group =>
        {
            var o = (Options)group.Options;
            var active = group.Parameters.Select(p => (P: p, Grad: p.grad)).Where(a => a.Grad is not null).ToList();
            // Bias correction reads each tensor's step count from a float tensor; counts differ only
            // for parameters that missed a step (no gradient), so update each count separately.
            foreach (var sameStep in active.GroupBy(a => ((State)_state[a.P.Handle]).step))
            {
                var members = sameStep.ToList();
                var states = members.Select(a => (State)_state[a.P.Handle]).ToArray();
                foreach (var s in states) s.step += 1;
                var count = tensor((float)(sameStep.Key + 1));
                Compiled.Value.invoke("step",
                    members.Select(a => (Tensor)a.P).ToArray(), members.Select(a => a.Grad!).ToArray(),
                    states.Select(s => s.exp_avg).ToArray(), states.Select(s => s.exp_avg_sq).ToArray(),
                    Enumerable.Repeat(count, members.Count).ToArray(),
                    o.LearningRate!.Value, o.beta1!.Value, o.beta2!.Value, o.weight_decay!.Value, o.eps!.Value, o.maximize!.Value);
            }
        }, closure!);
    }
}
