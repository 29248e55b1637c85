using SelGen.Engine;
using SelGen.Training;
using static TorchSharp.torch;

namespace SelGen.Methods;

/// <summary>
/// The frozen reference's outputs on the fixed alignment set, computed once before the first step instead of
/// at every step: the reference never changes and neither do the alignment items. Every item's chosen (and,
/// when asked, rejected) reply goes through <see cref="MethodContext.Reference"/> in right-padded batches, and
/// the method's <c>take</c> keeps what it needs of each row: KL the log-probabilities at the row's real
/// prediction positions (T_i − 1, V), representation the hidden states of its real tokens (T_i, layers, H),
/// DPO the sequence log-probability (a scalar). With right padding and causal attention a row's real
/// positions do not depend on its batch-mates, so the cached values equal the per-step ones up to float
/// rounding (MethodTests checks the losses agree). Padded positions are zeros: only masks that exclude
/// padding may be used with <see cref="Positions"/>.
/// </summary>
public sealed class ReferenceCache : IDisposable
{
    readonly Tensor[] _chosen;
    readonly Tensor[]? _rejected;

    ReferenceCache(Tensor[] chosen, Tensor[]? rejected) => (_chosen, _rejected) = (chosen, rejected);

    /// <param name="take">Per row of a reference batch, the tensor to keep (its first dimension the row's positions, for <see cref="Positions"/>).</param>
    public static ReferenceCache Build(MethodContext context, bool rejected, bool hiddenStates, Func<ModelOutput, Batch, IReadOnlyList<Tensor>> take)
    {
        using var _ = PhaseTimes.Measure("reference_precompute");
        int size = context.Config.AlignmentBatchSize ?? context.Config.MicroBatchSize;
        Tensor[] Compute(Func<AlignmentItem, Example> reply)
        {
            var result = new List<Tensor>(context.Alignment.Count);
            foreach (var chunk in context.Alignment.Chunk(size))
            {
                using var scope = NewDisposeScope();
                using var batch = Batch.Collate(chunk.Select(reply).ToList(), context.PadId, context.Model.Device);
                var rows = take(context.Reference(batch.Input(hiddenStates)), batch);
                result.AddRange(rows.Select(r => r.detach().clone().DetachFromDisposeScope()));
            }
            return [.. result];
        }
        return new ReferenceCache(Compute(a => a.Chosen), rejected ? Compute(a => a.Rejected!) : null);
    }

    /// <summary>Real tokens of each row of a right-padded batch.</summary>
    public static int[] Lengths(Batch batch) => batch.AttentionMask.sum(1).to_type(ScalarType.Int64).cpu().data<long>().Select(n => (int)n).ToArray();

    /// <summary>The cached per-position tensors of <paramref name="items"/>, zero-padded along the first
    /// dimension to <paramref name="length"/> and stacked: (B, length, ...).</summary>
    public Tensor Positions(IReadOnlyList<int> items, bool rejected, long length)
    {
        using var scope = NewDisposeScope();
        var rows = items.Select(i => Source(rejected)[i]).ToList();
        var result = zeros([rows.Count, length, .. rows[0].shape[1..]], dtype: rows[0].dtype, device: rows[0].device);
        for (int k = 0; k < rows.Count; k++) result[k].narrow(0, 0, rows[k].shape[0]).copy_(rows[k]);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>The cached tensors of <paramref name="items"/> stacked: (B, ...).</summary>
    public Tensor Stack(IReadOnlyList<int> items, bool rejected) => stack(items.Select(i => Source(rejected)[i]).ToList());

    Tensor[] Source(bool rejected) => rejected
        ? _rejected ?? throw new InvalidOperationException("the reference cache was built without the rejected replies")
        : _chosen;

    public void Dispose()
    {
        foreach (var t in _chosen.Concat(_rejected ?? [])) t.Dispose();
    }
}
