using static TorchSharp.torch;

namespace SelGen.Text;

/// <summary>
/// Rendered conversations padded on the right to one (B, T) batch for training. The batch owns its
/// tensors: dispose it (or let a dispose scope take them).
/// </summary>
/// <param name="InputIds">(B, T) int64, padding = the tokenizer's pad id.</param>
/// <param name="AttentionMask">(B, T) int64, 1 for real tokens, 0 for padding.</param>
/// <param name="TrainedMask">(B, T) bool, true where the token is a loss target (never on padding).</param>
/// <param name="Labels">(B, T) int64, the token id where trained and -100 elsewhere (Hugging Face's convention,
/// unshifted: the logits at t-1 predict label t).</param>
public sealed record TrainingBatch(Tensor InputIds, Tensor AttentionMask, Tensor TrainedMask, Tensor Labels) : IDisposable
{
    public const long IgnoreIndex = -100;

    public long Size => InputIds.shape[0];
    public long Length => InputIds.shape[1];

    public static TrainingBatch Collate(IReadOnlyList<RenderedChat> items, int padId, Device? device = null)
    {
        if (items.Count == 0) throw new ArgumentException("cannot collate an empty list of conversations", nameof(items));
        int b = items.Count, t = items.Max(i => i.Length);
        var ids = new long[b * t];
        var attention = new long[b * t];
        var trained = new bool[b * t];
        var labels = new long[b * t];
        Array.Fill(ids, padId);
        Array.Fill(labels, IgnoreIndex);
        for (int row = 0; row < b; row++)
        {
            var item = items[row];
            if (item.Trained.Length != item.Ids.Length)
                throw new ArgumentException($"item {row} has {item.Ids.Length} ids but {item.Trained.Length} mask entries", nameof(items));
            for (int col = 0; col < item.Length; col++)
            {
                int k = row * t + col;
                ids[k] = item.Ids[col];
                attention[k] = 1;
                trained[k] = item.Trained[col];
                if (trained[k]) labels[k] = item.Ids[col];
            }
        }
        return new TrainingBatch(
            tensor(ids, [b, t], device: device),
            tensor(attention, [b, t], device: device),
            tensor(trained, [b, t], device: device),
            tensor(labels, [b, t], device: device));
    }

    public void Dispose()
    {
        InputIds.Dispose();
        AttentionMask.Dispose();
        TrainedMask.Dispose();
        Labels.Dispose();
    }
}
