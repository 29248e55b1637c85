using static TorchSharp.torch;

namespace SelGen.Training;

/// <summary>
/// A tokenized training example: token ids, and which tokens are trained (predicted and scored).
/// By default only the assistant's tokens are trained; the chat format decides.
/// </summary>
public sealed record Example(int[] Ids, bool[] Trained)
{
    public Example Validate(string source)
    {
        if (Ids.Length != Trained.Length) throw new SelGenException($"{source}: {Ids.Length} token ids but {Trained.Length} mask entries");
        if (Ids.Length < 2) throw new SelGenException($"{source}: an example needs at least two tokens");
        // Token 0 is never a target (nothing predicts it), whatever its flag says.
        if (!Trained.Skip(1).Any(t => t)) throw new SelGenException($"{source}: no token is trained (empty assistant reply?)");
        return this;
    }
}

/// <summary>
/// A right-padded batch. <see cref="InputIds"/> and <see cref="AttentionMask"/> are (B, T);
/// <see cref="TargetMask"/> is (B, T-1): entry t says whether token t+1 is trained, i.e. whether the
/// prediction made at position t is scored. Padding is never trained.
/// </summary>
public sealed class Batch : IDisposable
{
    public Tensor InputIds { get; }
    public Tensor AttentionMask { get; }
    public Tensor TargetMask { get; }
    public int Size => (int)InputIds.shape[0];

    /// <summary>Rows per group below which <see cref="ByLength"/> does not split (a small forward costs mostly its fixed overhead).</summary>
    public const int MinGroupRows = 8;

    Batch(Tensor ids, Tensor attention, Tensor target)
    {
        InputIds = ids;
        AttentionMask = attention;
        TargetMask = target;
    }

    public static Batch Collate(IReadOnlyList<Example> examples, int padId, Device? device = null)
    {
        if (examples.Count == 0) throw new ArgumentException("cannot collate an empty batch");
        int length = examples.Max(e => e.Ids.Length);
        var ids = new long[examples.Count, length];
        var attention = new float[examples.Count, length];
        var target = new float[examples.Count, length - 1];
        for (int b = 0; b < examples.Count; b++)
        {
            var e = examples[b];
            for (int t = 0; t < length; t++)
            {
                bool real = t < e.Ids.Length;
                ids[b, t] = real ? e.Ids[t] : padId;
                attention[b, t] = real ? 1 : 0;
                if (t > 0 && real && e.Trained[t]) target[b, t - 1] = 1;
            }
        }
        device ??= CPU;
        return new Batch(
            tensor(ids, device: device).DetachFromDisposeScope(),
            tensor(attention, device: device).DetachFromDisposeScope(),
            tensor(target, device: device).DetachFromDisposeScope());
    }

    /// <summary>
    /// The model input for this batch. No attention mask: padding is on the right, so causal attention
    /// already keeps every real token from seeing it, positions are the plain 0..T-1, and the fused
    /// causal kernel is used instead of a materialised (B, 1, T, T) mask. Padded positions compute
    /// values that every loss masks out.
    /// </summary>
    public Engine.ModelInput Input(bool outputHiddenStates = false) => new(InputIds, OutputHiddenStates: outputHiddenStates);

    /// <summary>
    /// The rows in up to <paramref name="groups"/> groups of similar length (at least <see cref="MinGroupRows"/>
    /// rows each), each cut to its longest row: the same tokens with less padding, for losses that are sums
    /// over rows or tokens (a forward per group costs its own padded length, not the batch's). The groups'
    /// tensors belong to the caller's dispose scope. With one group the batch itself is returned.
    /// </summary>
    public IReadOnlyList<Batch> ByLength(int groups)
    {
        groups = Math.Min(groups, Size / MinGroupRows);
        if (groups <= 1) return [this];
        var lengths = AttentionMask.sum(1).to_type(ScalarType.Int64).cpu().data<long>().ToArray();
        var order = Enumerable.Range(0, Size).OrderBy(r => lengths[r]).ThenBy(r => r).ToArray();
        var result = new List<Batch>(groups);
        for (int g = 0; g < groups; g++)
        {
            var rows = order[(g * Size / groups)..((g + 1) * Size / groups)];
            long width = rows.Max(r => lengths[r]);
            var index = tensor(rows.Select(r => (long)r).ToArray(), device: InputIds.device);
            result.Add(new Batch(
                InputIds.index_select(0, index)[.., ..(int)width],
                AttentionMask.index_select(0, index)[.., ..(int)width],
                TargetMask.index_select(0, index)[.., ..(int)(width - 1)]));
        }
        return result;
    }

    /// <summary>Number of trained tokens in the batch.</summary>
    public double TrainedTokens => TargetMask.sum().item<float>();

    public void Dispose()
    {
        InputIds.Dispose();
        AttentionMask.Dispose();
        TargetMask.Dispose();
    }
}
