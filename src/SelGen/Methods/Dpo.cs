using System.Text.Json.Serialization;
using SelGen.Engine;
using SelGen.Training;
using static TorchSharp.torch;

namespace SelGen.Methods;

/// <summary>
/// DPO on alignment pairs added to the task loss: CE(T) + λ·mean −log σ(β[(ℓ⁺ − ℓ⁺_ref) − (ℓ⁻ − ℓ⁻_ref)]),
/// ℓ the log-probability of the reply tokens, summed (standard DPO) or averaged per token (the reference).
/// The reference model is the adapter-disabled model, or a frozen copy under full fine-tuning; its
/// log-probabilities of the fixed alignment pairs are computed once before training.
/// </summary>
public sealed class Dpo(Dpo.Options options) : IMethod
{
    public sealed record Options : IMethodOptions
    {
        [JsonPropertyName("beta")] public double Beta { get; init; } = 0.1;
        [JsonPropertyName("lambda")] public double Lambda { get; init; } = 1.0;
        /// <summary>Average reply log-probabilities per token (reference code) instead of summing them (DPO paper).</summary>
        [JsonPropertyName("average_log_probs")] public bool AverageLogProbs { get; init; }

        public void Validate(string source)
        {
            Knob.Positive(source, "beta", Beta);
            Knob.NonNegative(source, "lambda", Lambda);
        }
    }

    public string Name => "dpo";
    public bool UsesAlignment => true;
    public bool UsesRejected => true;

    ReferenceCache? _reference;

    /// <summary>The reference's log-probabilities of every chosen and rejected reply, once (<see cref="ReferenceCache"/>).</summary>
    public void Attach(MethodContext context) =>
        _reference = context.PrecomputeReference(rejected: true, hiddenStates: false, (output, batch) =>
        {
            var lp = TokenMath.SequenceLogProbs(output.Logits, batch, options.AverageLogProbs);   // (B)
            return Enumerable.Range(0, batch.Size).Select(r => lp[r]).ToList();
        });

    public IReadOnlyDictionary<string, double> Backward(MicroStep step, MethodContext context)
    {
        using var scope = NewDisposeScope();
        var task = Losses.TaskCrossEntropy(context, step);
        var (chosen, chosenRef) = LogProbs(context, step, step.Chosen!, rejected: false);
        var (rejected, rejectedRef) = LogProbs(context, step, step.Rejected!, rejected: true);
        var dpo = TokenMath.DpoLoss(chosen, rejected, chosenRef, rejectedRef, options.Beta) * step.PairShare;
        var loss = task + options.Lambda * dpo;
        loss.backward();
        var margin = ((chosen - chosenRef) - (rejected - rejectedRef)).mean();
        return new Dictionary<string, double>
        {
            ["loss"] = loss.item<float>(), ["task_ce"] = task.item<float>(), ["dpo"] = dpo.item<float>(),
            ["dpo_margin"] = margin.item<float>() * step.PairShare,
        };
    }

    (Tensor Policy, Tensor Reference) LogProbs(MethodContext context, MicroStep step, Batch batch, bool rejected)
    {
        var input = batch.Input();
        var policy = TokenMath.SequenceLogProbs(context.Model.forward(input).Logits, batch, options.AverageLogProbs);
        var reference = _reference is not null && step.AlignmentItems is { } items
            ? _reference.Stack(items, rejected)
            : TokenMath.SequenceLogProbs(context.Reference(input).Logits, batch, options.AverageLogProbs);
        return (policy, reference);
    }
}
