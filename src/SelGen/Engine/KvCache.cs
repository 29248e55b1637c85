using static TorchSharp.torch;

namespace SelGen.Engine;

/// <summary>Keys and values already computed for one layer: each (B, Hkv, S, hd).</summary>
public sealed class LayerCache : IDisposable
{
    Tensor? _keys, _values;

    public long Length => _keys?.shape[2] ?? 0;

    /// <summary>Appends the new keys/values and returns the full sequences (owned by the cache: do not dispose).</summary>
    public (Tensor Keys, Tensor Values) Append(Tensor keys, Tensor values)
    {
        var k = _keys is null ? keys.alias() : cat([_keys, keys], dim: 2);
        var v = _values is null ? values.alias() : cat([_values, values], dim: 2);
        _keys?.Dispose();
        _values?.Dispose();
        _keys = k.DetachFromDisposeScope();
        _values = v.DetachFromDisposeScope();
        return (_keys, _values);
    }

    /// <summary>Keeps only the rows in <paramref name="index"/> (batch entries still decoding).</summary>
    public void Select(Tensor index)
    {
        if (_keys is null) return;
        var k = _keys.index_select(0, index).DetachFromDisposeScope();
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

    /// <summary>Number of positions already in the cache.</summary>
    public long Length => Layers[0].Length;

    public void Select(Tensor index)
    {
        foreach (var layer in Layers) layer.Select(index);
    }

    public void Dispose()
    {
        foreach (var layer in Layers) layer.Dispose();
    }
}
