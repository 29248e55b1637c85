using System.Text.Json.Serialization;
using SelGen.Engine.Lora;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SelGen.Methods;

/// <summary>Which adapters a kind of data may update under gradient routing.</summary>
public enum Route
{
    /// <summary>The run's task adapter only (the one saved in the run folder).</summary>
    Task,
    /// <summary>The second, routed adapter only.</summary>
    Routed,
    /// <summary>Both adapters.</summary>
    Both,
}

/// <summary>Named presets of <see cref="GradientRouting"/>.</summary>
public enum RoutingVariant
{
    /// <summary>Set by the options' own fields (task_to, alignment_to, routed_scale).</summary>
    Custom,
    /// <summary>
    /// The study's suggestion: task data updates the task adapter, alignment data a separate adapter; both stay
    /// on at evaluation (task_to task, alignment_to routed, routed_scale 1).
    /// </summary>
    Split,
    /// <summary>
    /// The paper's route-then-ablate: task data updates both adapters, alignment data only the task adapter, so
    /// that what the task data teaches and the alignment data does not contradict collects in the routed adapter,
    /// which is then ablated or down-weighted at evaluation (task_to both, alignment_to task, routed_scale 0).
    /// </summary>
    RouteAblate,
}

/// <summary>
/// Gradient routing (Cloud et al. 2024, "Gradient Routing: Masking Gradients to Localize Computation in Neural
/// Networks"): data-dependent masks on the gradients, so that task data and alignment data update different
/// parameters. Two LoRA adapters are trained side by side, both active in every forward pass: the run's task
/// adapter and a routed adapter. Loss = CE(T) + λ·CE(A⁺); the gradient of CE(T) reaches only the adapters named by
/// task_to and that of CE(A⁺) only those named by alignment_to: every other parameter receives exactly zero gradient
/// from that term (a mask of 0 or 1 per parameter tensor, applied in the backward pass). After training the routed
/// adapter's update is scaled by routed_scale (0 ablates it), which is the method's strength knob in route-then-ablate.
/// </summary>
public sealed class GradientRouting(GradientRouting.Options options) : IMethod
{
    public sealed record Options : IMethodOptions
    {
        [JsonPropertyName("variant")] public RoutingVariant Variant { get; init; } = RoutingVariant.Split;
        /// <summary>Used only with variant "custom".</summary>
        [JsonPropertyName("task_to")] public Route? TaskTo { get; init; }
        /// <summary>Used only with variant "custom".</summary>
        [JsonPropertyName("alignment_to")] public Route? AlignmentTo { get; init; }
        /// <summary>The routed adapter's weight at evaluation, in [0, 1]; null takes the variant's (split 1, route_ablate 0).</summary>
        [JsonPropertyName("routed_scale")] public double? RoutedScale { get; init; }
        /// <summary>Weight λ of the alignment loss CE(A⁺).</summary>
        [JsonPropertyName("lambda")] public double Lambda { get; init; } = 1.0;

        public void Validate(string source)
        {
            if (Variant == RoutingVariant.Custom && (TaskTo is null || AlignmentTo is null))
                throw new SelGenException($"{source}: variant 'custom' needs both 'task_to' and 'alignment_to' (task, routed or both)");
            if (Variant != RoutingVariant.Custom && (TaskTo is not null || AlignmentTo is not null))
                throw new SelGenException($"{source}: 'task_to' and 'alignment_to' are set by variant '{Name(Variant)}'; " +
                    "remove them, or choose variant 'custom' to set them yourself");
            if (RoutedScale is { } s && !(s >= 0 && s <= 1))
                throw new SelGenException($"{source}: field 'routed_scale' is {s}; it must be in [0, 1] (0 ablates the routed adapter)");
            if (!(Lambda >= 0 && double.IsFinite(Lambda)))
                throw new SelGenException($"{source}: field 'lambda' is {Lambda}; it must be a finite number ≥ 0");
        }

        public (Route Task, Route Alignment, double Scale) Resolved => Variant switch
        {
            RoutingVariant.Split => (Route.Task, Route.Routed, RoutedScale ?? 1),
            RoutingVariant.RouteAblate => (Route.Both, Route.Task, RoutedScale ?? 0),
            _ => (TaskTo!.Value, AlignmentTo!.Value, RoutedScale ?? 1),
        };

        static string Name(RoutingVariant v) => v == RoutingVariant.RouteAblate ? "route_ablate" : v.ToString().ToLowerInvariant();
    }

    public const string RoutedAdapter = "routed";

    readonly (Route Task, Route Alignment, double Scale) _route = options.Resolved;
    IReadOnlyList<Parameter>? _outsideTask, _outsideAlignment;

    public string Name => "gradient_routing";
    public bool UsesAlignment => true;
    public int ExtraTrainableAdapters => 1;

    public void Attach(MethodContext context)
    {
        if (context.Adapter is null || context.Config.Lora is null)
            throw new SelGenException("method 'gradient_routing' routes between two LoRA adapters; set training.lora");
        context.Model.AddAdapter(RoutedAdapter, context.Config.Lora);   // trainable, B = 0: the model is unchanged
        // The masks depend only on which adapters exist, so they are found once, not every micro-step.
        _outsideTask = Outside(_route.Task, context);
        _outsideAlignment = Outside(_route.Alignment, context);
    }

    public IReadOnlyDictionary<string, double> Backward(MicroStep step, MethodContext context)
    {
        using var scope = NewDisposeScope();
        var task = Losses.TaskCrossEntropy(context, step);
        BackwardRouted(task, _outsideTask!);
        var alignment = Losses.AlignmentCrossEntropy(context, step.Chosen!, step.StepChosenTokens);
        var weighted = options.Lambda * alignment;
        BackwardRouted(weighted, _outsideAlignment!);
        return new Dictionary<string, double>
        {
            ["loss"] = task.item<float>() + weighted.item<float>(), ["task_ce"] = task.item<float>(), ["alignment_ce"] = alignment.item<float>(),
        };
    }

    /// <summary>After training the routed adapter's update B·A is scaled by routed_scale (B is multiplied).</summary>
    public void AfterTraining(MethodContext context)
    {
        if (_route.Scale == 1) return;
        using var _ = no_grad();
        foreach (var (_, layer) in context.Model.AdapterLayers(RoutedAdapter))
            layer.lora_B.Get(RoutedAdapter).weight!.mul_(_route.Scale);
    }

    /// <summary>The trainable parameters a term routed to <paramref name="route"/> must not update.</summary>
    static IReadOnlyList<Parameter> Outside(Route route, MethodContext context)
    {
        var inside = route switch
        {
            Route.Task => [context.Adapter!],
            Route.Routed => [RoutedAdapter],
            _ => new[] { context.Adapter!, RoutedAdapter },
        };
        var allowed = inside.SelectMany(a => context.Model.AdapterParameters(a)).Select(p => p.Parameter.Handle).ToHashSet();
        return [.. context.Trainable.Select(p => p.Parameter).Where(p => !allowed.Contains(p.Handle))];
    }

    /// <summary>
    /// loss.backward() with the gradient mask applied: the parameters in <paramref name="masked"/> keep exactly the
    /// gradient they had before (the term contributes zero to them), every other parameter accumulates as usual.
    /// </summary>
    public static void BackwardRouted(Tensor loss, IReadOnlyList<Parameter> masked)
    {
        using var scope = NewDisposeScope();
        var saved = masked.Select(p => p.grad is { } g ? g.clone() : null).ToArray();
        loss.backward();
        using var _ = no_grad();
        for (int i = 0; i < masked.Count; i++)
        {
            var grad = masked[i].grad;
            if (grad is null) continue;
            if (saved[i] is { } before) grad.copy_(before);
            else grad.zero_();
        }
    }
}
