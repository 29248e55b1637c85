using SelGen.Training;
using static TorchSharp.torch;

namespace SelGen.Methods;

/// <summary>Plain fine-tuning on the task data: CE(T).</summary>
public sealed class TaskOnly : IMethod
{
    public string Name => "task_only";
    public bool UsesAlignment => false;

    public IReadOnlyDictionary<string, double> Backward(MicroStep step, MethodContext context) => Step(step, context);

    /// <summary>The plain CE(T) step, shared by methods whose loss is the task loss alone (Mixed, projection, Safe LoRA).</summary>
    public static IReadOnlyDictionary<string, double> Step(MicroStep step, MethodContext context)
    {
        using var scope = NewDisposeScope();
        var loss = Losses.TaskCrossEntropy(context, step);
        loss.backward();
        return new Dictionary<string, double> { ["loss"] = loss.item<float>(), ["task_ce"] = loss.item<float>() };
    }
}

/// <summary>Loss pieces that several methods share.</summary>
public static class Losses
{
    /// <summary>This micro-batch's part of CE(T): summed over its trained tokens, divided by the step's total.</summary>
    public static Tensor TaskCrossEntropy(MethodContext context, MicroStep step)
    {
        using var scope = NewDisposeScope();
        var logits = context.Model.forward(step.Task.Input()).Logits;
        return (TokenMath.CrossEntropySum(logits, step.Task) / step.StepTaskTokens).MoveToOuterDisposeScope();
    }

    /// <summary>This micro-batch's part of CE(A): its chosen (or rejected) replies, normalised by the step's total.</summary>
    public static Tensor AlignmentCrossEntropy(MethodContext context, Batch batch, double stepTokens)
    {
        using var scope = NewDisposeScope();
        var logits = context.Model.forward(batch.Input()).Logits;
        return (TokenMath.CrossEntropySum(logits, batch) / stepTokens).MoveToOuterDisposeScope();
    }
}
