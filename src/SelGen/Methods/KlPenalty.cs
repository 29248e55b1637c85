using System.Text.Json.Serialization;
using SelGen.Engine;
using SelGen.Training;
using static TorchSharp.torch;

namespace SelGen.Methods;

public enum KlDirection { Forward, Reverse }

/// <summary>Which prediction positions of an alignment sequence a penalty averages over.</summary>
public enum PenaltyPositions
{
    /// <summary>The trained (reply) positions only: our default.</summary>
    Trained,
    /// <summary>Every real (non-padding) position, prompt included.</summary>
    Real,
    /// <summary>Every position including padding: what the reference code did.</summary>
    All,
}

/// <summary>
/// KL penalty to the frozen reference on alignment data: CE(T) + β·mean_t KL_t, with
/// KL_t = Σ_v p_θ(v|x&lt;t)(log p_θ(v|x&lt;t) − log p_ref(v|x&lt;t)) (forward; reverse swaps p_θ and p_ref).
/// No CE on A. The reference's log-probabilities on the alignment items are computed once before training
/// (<see cref="ReferenceCache"/>); with positions "all", which include padding, the reference runs every step.
/// </summary>
public sealed class KlPenalty(KlPenalty.Options options) : IMethod
{
    public sealed record Options : IMethodOptions
    {
        [JsonPropertyName("beta")] public double Beta { get; init; } = 1.0;
        [JsonPropertyName("direction")] public KlDirection Direction { get; init; } = KlDirection.Forward;
        [JsonPropertyName("positions")] public PenaltyPositions Positions { get; init; } = PenaltyPositions.Trained;

        public void Validate(string source) => Knob.NonNegative(source, "beta", Beta);
    }

    public string Name => "kl";
    public bool UsesAlignment => true;

    ReferenceCache? _reference;

    public void Attach(MethodContext context)
    {
        context.EnsureFrozenCopy();
        _reference = options.Positions == PenaltyPositions.All ? null : context.PrecomputeReference(rejected: false, hiddenStates: false, (output, batch) =>
        {
            var logp = output.Logits[.., ..^1].log_softmax(-1);                                  // (B, T-1, V)
            return ReferenceCache.Lengths(batch).Select((n, r) => logp[r, ..(n - 1)]).ToList();  // (T_r - 1, V) each
        });
    }

    public IReadOnlyDictionary<string, double> Backward(MicroStep step, MethodContext context)
    {
        using var scope = NewDisposeScope();
        var task = Losses.TaskCrossEntropy(context, step);
        var batch = step.Chosen!;
        var input = batch.Input();
        var policy = context.Model.forward(input).Logits[.., ..^1].log_softmax(-1);                 // (B, T-1, V)
        var reference = _reference is not null && step.AlignmentItems is { } items
            ? _reference.Positions(items, rejected: false, policy.shape[1])
            : context.Reference(input).Logits[.., ..^1].log_softmax(-1);                            // (B, T-1, V)
        var kl = options.Direction == KlDirection.Forward
            ? TokenMath.KlPerPositionFromLogProbs(policy, reference)
            : TokenMath.KlPerPositionFromLogProbs(reference, policy);                                 // (B, T-1)
        var penalty = Penalties.Average(kl, batch, options.Positions, step.StepChosenTokens, step.PairShare);
        var loss = task + options.Beta * penalty;
        loss.backward();
        return new Dictionary<string, double> { ["loss"] = loss.item<float>(), ["task_ce"] = task.item<float>(), ["kl"] = penalty.item<float>() };
    }
}

public static class Penalties
{
    /// <summary>
    /// This micro-batch's part of a per-position penalty's step mean. Trained: Σ over trained positions divided
    /// by the step's trained-token total (exact under accumulation). Real/All: the micro-batch mean over its
    /// real (or all) positions, weighted by its share of the step's sequences.
    /// </summary>
    public static Tensor Average(Tensor perPosition, Batch batch, PenaltyPositions positions, double stepTrainedTokens, double share)
    {
        using var scope = NewDisposeScope();
        var result = positions switch
        {
            PenaltyPositions.Trained => (perPosition * batch.TargetMask).sum() / stepTrainedTokens,
            PenaltyPositions.Real => TokenMath.MaskedMean(perPosition, batch.AttentionMask[.., 1..]) * share,
            _ => perPosition.mean() * share,
        };
        return result.MoveToOuterDisposeScope();
    }
}
