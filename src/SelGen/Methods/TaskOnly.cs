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
    /// <summary>Length groups a micro-batch's CE is computed in (see <see cref="Batch.ByLength"/>).</summary>
    public const int LengthGroups = 4;

    /// <summary>This micro-batch's part of CE(T): summed over its trained tokens, divided by the step's total.</summary>
    public static Tensor TaskCrossEntropy(MethodContext context, MicroStep step, int lengthGroups = LengthGroups) =>
        CrossEntropy(context, step.Task, step.StepTaskTokens, lengthGroups);

    /// <summary>This micro-batch's part of CE(A): its chosen (or rejected) replies, normalised by the step's total.</summary>
    public static Tensor AlignmentCrossEntropy(MethodContext context, Batch batch, double stepTokens) =>
        CrossEntropy(context, batch, stepTokens, LengthGroups);

    /// <summary>Σ over the batch's trained tokens of −log p, divided by <paramref name="stepTokens"/>. A sum over
    /// tokens, so it is computed group by group of similar length (less padding): the same value up to float rounding.</summary>
    static Tensor CrossEntropy(MethodContext context, Batch batch, double stepTokens, int lengthGroups)
    {
        using var scope = NewDisposeScope();
        Tensor? sum = null;
        foreach (var part in batch.ByLength(lengthGroups))
        {
            var partSum = TokenMath.CrossEntropySum(context.Model.forward(part.Input()).Logits, part);
            sum = sum is null ? partSum : sum + partSum;
        }
        return (sum! / stepTokens).MoveToOuterDisposeScope();
    }
}
