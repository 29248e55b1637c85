using System.Text.Json.Serialization;
using static TorchSharp.torch;

namespace SelGen.Methods;

public enum ProjectionMode { Always, Conflict }
public enum ProjectionScope { PerTensor, Global }

/// <summary>
/// Gradient projection: backprop CE(T) to get g_T, backprop CE(A⁺) at the same weights to get g_A, and
/// step with g_T − (⟨g_T,g_A⟩/(‖g_A‖²+1e-16))·g_A, per parameter tensor (reference) or over the whole
/// flattened gradient. "always" projects every step (reference); "conflict" only when ⟨g_T,g_A⟩ &lt; 0
/// (PCGrad). The alignment gradient itself is never applied.
/// </summary>
public sealed class GradientProjection(GradientProjection.Options options) : IMethod
{
    public sealed record Options : IMethodOptions
    {
        [JsonPropertyName("mode")] public ProjectionMode Mode { get; init; } = ProjectionMode.Always;
        [JsonPropertyName("scope")] public ProjectionScope Scope { get; init; } = ProjectionScope.PerTensor;

        public void Validate(string source) { }
    }

    public string Name => "gradient_projection";
    public bool UsesAlignment => true;

    public IReadOnlyDictionary<string, double> Backward(MicroStep step, MethodContext context) => TaskOnly.Step(step, context);

    public void BeforeOptimizerStep(IReadOnlyList<MicroStep> steps, MethodContext context)
    {
        using var scope = NewDisposeScope();
        var parameters = context.Trainable.Select(p => p.Parameter).ToList();
        var taskGrads = parameters.Select(p => p.grad is null ? zeros_like(p) : p.grad.clone()).ToList();
        foreach (var p in parameters) p.grad?.zero_();
        foreach (var step in steps)
        {
            using var inner = NewDisposeScope();
            Losses.AlignmentCrossEntropy(context, step.Chosen!, step.StepChosenTokens).backward();
        }
        var alignGrads = parameters.Select(p => p.grad is null ? zeros_like(p) : p.grad.clone()).ToList();
        var projected = Project(taskGrads, alignGrads, options);
        using var _ = no_grad();
        for (int i = 0; i < parameters.Count; i++)
        {
            if (parameters[i].grad is null) parameters[i].grad = zeros_like(parameters[i]).DetachFromDisposeScope();
            parameters[i].grad!.copy_(projected[i]);
        }
    }

    /// <summary>The projected task gradient for each tensor.</summary>
    public static IReadOnlyList<Tensor> Project(IReadOnlyList<Tensor> task, IReadOnlyList<Tensor> alignment, Options options)
    {
        bool onlyOnConflict = options.Mode == ProjectionMode.Conflict;
        if (options.Scope == ProjectionScope.PerTensor)
            return task.Select((g, i) => Training.TokenMath.Project(g, alignment[i], onlyOnConflict)).ToList();
        var flatTask = cat(task.Select(g => g.flatten()).ToList());
        var flatAlign = cat(alignment.Select(g => g.flatten()).ToList());
        var flat = Training.TokenMath.Project(flatTask, flatAlign, onlyOnConflict);
        var result = new List<Tensor>();
        long offset = 0;
        foreach (var g in task)
        {
            result.Add(flat[(int)offset..(int)(offset + g.numel())].view(g.shape));
            offset += g.numel();
        }
        return result;
    }
}
