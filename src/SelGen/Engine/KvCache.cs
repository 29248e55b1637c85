using static TorchSharp.torch;

namespace SelGen.Engine;

/// <summary>
/// Keys and values already computed for one layer: each (B, Hkv, S, hd), for the last S positions. A sliding-window
/// layer keeps only the last window - 1 positions (all its next query can see besides itself), so its memory stays
/// bounded however long the sequence grows.
/// </summary>
public sealed class LayerCache : IDisposable
{
    Tensor? _keys, _values;

    /// <summary>Positions held (fewer than <see cref="Seen"/> once a window has dropped old ones).</summary>
    public long Length => _keys?.shape[2] ?? 0;

    /// <summary>Positions appended since the start: the position of the next token.</summary>
    public long Seen { get; private set; }

    /// <summary>
    /// Appends the new keys/values and returns the keys and values to attend over: the held ones followed by the new
    /// ones (valid until the next call; do not dispose). Afterwards only the last <paramref name="keepLast"/>
    /// positions are held, when given.
    /// </summary>
    public (Tensor Keys, Tensor Values) Append(Tensor keys, Tensor values, long? keepLast = null)
    {
        var k = _keys is null ? keys.alias() : cat([_keys, keys], dim: 2);
        var v = _values is null ? values.alias() : cat([_values, values], dim: 2);
        Seen += keys.shape[2];
        _keys?.Dispose();
        _values?.Dispose();
        long length = k.shape[2];
        if (keepLast is long keep && length > keep)
        {
            // Copies, so that the dropped positions' storage is freed; the full k, v serve this step only.
            _keys = k[.., .., (int)(length - keep)..].contiguous().DetachFromDisposeScope();
            _values = v[.., .., (int)(length - keep)..].contiguous().DetachFromDisposeScope();
            return (k, v);
        }
        _keys = k.DetachFromDisposeScope();
        _values = v.DetachFromDisposeScope();
        return (_keys, _values);
    }

    /// <summary>Keeps only the rows in <paramref name="index"/> (batch entries still decoding).</summary>
    public void Select(Tensor index)
    {
        if (_keys is null) return;
        var k = _keys.index_select(0, index).DetachFromDisposeScope();   // Seen is unchanged: rows are dropped, not positions
        var v = _values!.index_select(0, index).DetachFromDisposeScope();
        _keys.Dispose();
        _values.Dispose();
        (_keys, _values) = (k, v);
    }

    public void Dispose()
    {
        _keys?.Dispose();
        _values?.Dispose();
        _keys = _values = null;
    }
}

/// <summary>The KV cache of a whole model for incremental decoding. The caller owns it and disposes it.</summary>
public sealed class KvCache(int layers) : IDisposable
{
    public IReadOnlyList<LayerCache> Layers { get; } = Enumerable.Range(0, layers).Select(_ => new LayerCache()).ToArray();

    /// <summary>Number of positions already seen (a sliding layer may hold fewer).</summary>
    public long Length => Layers[0].Seen;

    public void Select(Tensor index)
    {
        foreach (var layer in Layers) layer.Select(index);
    }

    public void Dispose()
    {
        foreach (var layer in Layers) layer.Dispose();
    }
}
