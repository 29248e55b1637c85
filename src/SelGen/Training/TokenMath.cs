using static TorchSharp.torch;

namespace SelGen.Training;

/// <summary>
/// The tensor arithmetic every method shares. Conventions: logits (B, T, V) from input ids (B, T);
/// per-prediction quantities are (B, T-1), aligned with <see cref="Batch.TargetMask"/>.
/// </summary>
public static class TokenMath
{
    /// <summary>log p(x_{t+1} | x_{≤t}) for each position: (B, T-1).</summary>
    public static Tensor TokenLogProbs(Tensor logits, Tensor inputIds)
    {
        using var scope = NewDisposeScope();
        var logp = logits[.., ..^1].log_softmax(-1);                               // (B, T-1, V)
        var next = inputIds[.., 1..].unsqueeze(-1);                                // (B, T-1, 1)
        return logp.gather(-1, next).squeeze(-1).MoveToOuterDisposeScope();        // (B, T-1)
    }

    /// <summary>Σ x·mask / Σ mask over all elements (0 when the mask is empty).</summary>
    public static Tensor MaskedMean(Tensor x, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var m = mask.to_type(x.dtype);
        return ((x * m).sum() / m.sum().clamp_min(1)).MoveToOuterDisposeScope();
    }

    /// <summary>Cross-entropy averaged over the trained tokens of the batch: CE(B) in METHODS.md.</summary>
    public static Tensor CrossEntropy(Tensor logits, Batch batch)
    {
        using var scope = NewDisposeScope();
        return (-MaskedMean(TokenLogProbs(logits, batch.InputIds), batch.TargetMask)).MoveToOuterDisposeScope();
    }

    /// <summary>Summed CE over trained tokens and their count: for exact gradient accumulation by token.</summary>
    public static Tensor CrossEntropySum(Tensor logits, Batch batch)
    {
        using var scope = NewDisposeScope();
        return (-(TokenLogProbs(logits, batch.InputIds) * batch.TargetMask).sum()).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// KL(p ‖ q) = Σ_v p(v) (log p(v) − log q(v)) per position over the full vocabulary, at temperature 1,
    /// for the predictions at positions 0..T-2: (B, T-1).
    /// </summary>
    public static Tensor KlPerPosition(Tensor logitsP, Tensor logitsQ)
    {
        using var scope = NewDisposeScope();
        var logP = logitsP[.., ..^1].log_softmax(-1);                              // (B, T-1, V)
        var logQ = logitsQ[.., ..^1].log_softmax(-1);
        return KlPerPositionFromLogProbs(logP, logQ).MoveToOuterDisposeScope();    // (B, T-1)
    }

    /// <summary>KL(p ‖ q) = Σ_v p(v) (log p(v) − log q(v)) from log-probabilities (…, V): (…).</summary>
    public static Tensor KlPerPositionFromLogProbs(Tensor logP, Tensor logQ)
    {
        using var scope = NewDisposeScope();
        return (logP.exp() * (logP - logQ)).sum(-1).MoveToOuterDisposeScope();
    }

    /// <summary>Log-probability of each sequence's trained tokens: summed, or averaged per trained token. (B)</summary>
    public static Tensor SequenceLogProbs(Tensor logits, Batch batch, bool averagePerToken)
    {
        using var scope = NewDisposeScope();
        var lp = TokenLogProbs(logits, batch.InputIds) * batch.TargetMask;         // (B, T-1)
        var sum = lp.sum(1);                                                        // (B)
        var result = averagePerToken ? sum / batch.TargetMask.sum(1).clamp_min(1) : sum;
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// DPO (Rafailov et al. 2023, eq. 7): mean over pairs of −log σ(β[(ℓ⁺ − ℓ⁺_ref) − (ℓ⁻ − ℓ⁻_ref)]).
    /// </summary>
    public static Tensor DpoLoss(Tensor chosen, Tensor rejected, Tensor chosenRef, Tensor rejectedRef, double beta)
    {
        using var scope = NewDisposeScope();
        var margin = beta * ((chosen - chosenRef) - (rejected - rejectedRef));    // (P)
        return (-nn.functional.logsigmoid(margin)).mean().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Gradient surgery: g − (⟨g, a⟩ / (‖a‖² + 1e-16)) a, which is orthogonal to a. With
    /// <paramref name="onlyOnConflict"/> (PCGrad, Yu et al. 2020) g is returned unchanged when ⟨g, a⟩ ≥ 0.
    /// </summary>
    public static Tensor Project(Tensor g, Tensor a, bool onlyOnConflict)
    {
        using var scope = NewDisposeScope();
        var g64 = g.to_type(ScalarType.Float64);
        var a64 = a.to_type(ScalarType.Float64);
        var dot = (g64 * a64).sum();
        if (onlyOnConflict && dot.item<double>() >= 0) return g.clone().MoveToOuterDisposeScope();
        var projected = g64 - dot / ((a64 * a64).sum() + 1e-16) * a64;
        return projected.to_type(g.dtype).MoveToOuterDisposeScope();
    }
}
