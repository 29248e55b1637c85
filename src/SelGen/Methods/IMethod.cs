using SelGen.Training;

namespace SelGen.Methods;

/// <summary>
/// One selective-generalization method. The training loop calls these hooks and knows nothing else of
/// methods: each optimizer step it hands the method its micro-batches; the method runs the forward
/// passes, computes its loss terms and calls backward; then gets one chance to edit the gradients.
/// </summary>
public interface IMethod
{
    /// <summary>The name it is chosen by in configs (e.g. "kl").</summary>
    string Name { get; }

    /// <summary>Whether each step needs alignment micro-batches (chosen and, if <see cref="UsesRejected"/>, rejected).</summary>
    bool UsesAlignment { get; }

    /// <summary>Whether alignment items must carry a dispreferred reply (DPO; up-weight with a negative term).</summary>
    bool UsesRejected => false;

    /// <summary>The examples the epoch passes over. Mixed fine-tuning mixes alignment items in; others return T.</summary>
    IReadOnlyList<Example> TrainingSet(IReadOnlyList<Example> task, IReadOnlyList<AlignmentItem> alignment) => task;

    /// <summary>LoRA adapters the method trains besides the run's own (for memory plans): gradient routing's routed adapter, DivDis's extra heads.</summary>
    int ExtraTrainableAdapters => 0;

    /// <summary>Called once before training (after the model and adapters are set up), e.g. to add an adapter.</summary>
    void Attach(MethodContext context) { }

    /// <summary>Forward, loss and backward for one micro-batch; returns the loss terms for the log.</summary>
    IReadOnlyDictionary<string, double> Backward(MicroStep step, MethodContext context);

    /// <summary>After every micro-batch of a step has been backpropagated, before clipping and the optimizer step.</summary>
    void BeforeOptimizerStep(IReadOnlyList<MicroStep> steps, MethodContext context) { }

    /// <summary>
    /// What the method decided during the run, for the run folder (written as NAME.json after training): Safe LoRA's
    /// per-module cosines and projections, DivDis's proxy scores and chosen head, steering's direction. Null: nothing.
    /// </summary>
    object? Outcome => null;

    /// <summary>After the last step (post-hoc methods such as Safe LoRA act here).</summary>
    void AfterTraining(MethodContext context) { }
}

/// <summary>An alignment proxy item: the preferred reply, and where available the dispreferred one to the same prompt.</summary>
public sealed record AlignmentItem(Example Chosen, Example? Rejected = null);

/// <summary>
/// One micro-batch of an optimizer step. Token totals are over the whole step, so that losses normalised
/// by them make k accumulated micro-batches equal one large batch. <see cref="AlignmentItems"/> are the
/// indices (into the run's alignment list) of the rows of <see cref="Chosen"/> and <see cref="Rejected"/>,
/// so that a method can look up reference outputs it computed once (<see cref="ReferenceCache"/>); null when
/// unknown, and the method then runs the reference on the batch.
/// </summary>
public sealed record MicroStep(Batch Task, Batch? Chosen, Batch? Rejected, double StepTaskTokens, double StepChosenTokens, double StepRejectedTokens, int StepPairs, int StepExamples,
    IReadOnlyList<int>? AlignmentItems = null)
{
    /// <summary>This micro-batch's share of the step's task examples (for once-per-step terms).</summary>
    public double TaskShare => (double)Task.Size / StepExamples;

    /// <summary>This micro-batch's share of the step's pairs (for per-sequence means such as DPO's).</summary>
    public double PairShare => Chosen is null ? 0 : (double)Chosen.Size / StepPairs;
}
