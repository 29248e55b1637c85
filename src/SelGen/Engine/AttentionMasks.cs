using static TorchSharp.torch;

namespace SelGen.Engine;

/// <summary>
/// Rotary positions and attention masks for one forward pass, over cache slots: the S = past + T slots hold
/// the cached positions and then the T new ones. Without padding and with no cached prefix the fused causal
/// kernel is used (mask = null). With left padding, positions count real tokens only (as Hugging Face does),
/// and the boolean mask (B, 1, T, S) lets each query see real keys at or before it, plus itself, so that the
/// rows of padding queries are never empty (which would give NaN). A sliding window w keeps, as Hugging Face's
/// sliding-window mask does, only keys at slots j with i - w &lt; j &lt;= i for the query at slot i. A layer whose
/// cache has dropped its oldest slots asks for the mask over slots keyStart..S-1 only.
/// Masks are built on first request and owned by the caller's dispose scope.
/// </summary>
public sealed class AttentionMasks
{
    readonly long _b, _t, _past;
    readonly Tensor? _attentionMask;
    readonly Device _device;
    readonly Dictionary<(int?, bool, long), Tensor?> _built = [];

    /// <summary>(B, T) rotary positions of the new tokens.</summary>
    public Tensor Positions { get; }

    public AttentionMasks(long b, long t, long past, Tensor? attentionMask, Device device)
    {
        (_b, _t, _past, _attentionMask, _device) = (b, t, past, attentionMask, device);
        long s = past + t;
        if (attentionMask is null)
            Positions = arange(past, s, dtype: ScalarType.Int64, device: device).unsqueeze(0).expand(b, t);
        else
        {
            if (attentionMask.shape[0] != b || attentionMask.shape[1] != s)
                throw new ArgumentException($"attention mask has shape [{string.Join(", ", attentionMask.shape)}]; expected [{b}, {s}] (cached + new positions)");
            Positions = (attentionMask.to_type(ScalarType.Int64).cumsum(1) - 1).clamp_min(0)[.., (int)past..];
        }
    }

    /// <summary>
    /// The mask for a layer with the given window (null = full causal) whose keys are slots
    /// <paramref name="keyStart"/>..S-1. Null when the fused causal kernel gives the same result, unless
    /// <paramref name="explicitMask"/> asks for a tensor in every case.
    /// </summary>
    public Tensor? For(int? window, bool explicitMask = false, long keyStart = 0)
    {
        if (!_built.TryGetValue((window, explicitMask, keyStart), out var mask))
            _built[(window, explicitMask, keyStart)] = mask = Build(window, explicitMask, keyStart);
        return mask;
    }

    Tensor? Build(int? window, bool explicitMask, long keyStart)
    {
        long s = _past + _t, keys = s - keyStart;
        // Some query is too far from some key exactly when the earliest key is a window or more before the last query.
        bool windowCuts = window is int w && keys > w;
        // A single new query may see every cached key; a block from slot 0 is plain causal.
        if (!explicitMask && !windowCuts && _attentionMask is null && (_past == 0 || _t == 1)) return null;
        var queryPos = arange(_past, s, device: _device).view(_t, 1);               // (T, 1)
        var keyPos = arange(keyStart, s, device: _device).view(1, keys);             // (1, S')
        var allowed = keyPos.le(queryPos);                                           // (T, S')
        if (window is int size) allowed = allowed.logical_and(keyPos.gt(queryPos - size));
        allowed = allowed.unsqueeze(0);                                              // (1, T, S')
        if (_attentionMask is not null)
        {
            var real = _attentionMask[.., (int)keyStart..].to_type(ScalarType.Bool).unsqueeze(1);   // (B, 1, S')
            allowed = allowed.logical_and(real).logical_or(keyPos.eq(queryPos).unsqueeze(0));
        }
        return allowed.expand(_b, _t, keys).unsqueeze(1);                            // (B, 1, T, S')
    }
}
