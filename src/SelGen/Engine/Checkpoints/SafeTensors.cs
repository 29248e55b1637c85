using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace SelGen.Engine.Checkpoints;

/// <summary>One tensor's entry in a safetensors header.</summary>
public sealed record SafeTensorEntry(string Name, string DType, long[] Shape, long Begin, long End);

/// <summary>
/// The safetensors format (Hugging Face): an 8-byte little-endian header length, a JSON header mapping
/// each name to dtype, shape and [begin, end) byte offsets into the data that follows, then the data.
/// No code is ever executed on load, unlike pickle-based checkpoints, which SelGen does not read.
/// </summary>
public static class SafeTensors
{
    static readonly Dictionary<string, ScalarType> DTypes = new()
    {
        ["F32"] = ScalarType.Float32, ["F16"] = ScalarType.Float16, ["BF16"] = ScalarType.BFloat16,
        ["F64"] = ScalarType.Float64, ["I64"] = ScalarType.Int64, ["I32"] = ScalarType.Int32,
        ["I16"] = ScalarType.Int16, ["I8"] = ScalarType.Int8, ["U8"] = ScalarType.Byte, ["BOOL"] = ScalarType.Bool,
    };

    static readonly Dictionary<ScalarType, string> Names = DTypes.ToDictionary(p => p.Value, p => p.Key);

    const long MaxHeaderBytes = 100L * 1024 * 1024;

    /// <summary>Reads the header: tensor entries by name, and the optional <c>__metadata__</c> strings.</summary>
    public static (IReadOnlyDictionary<string, SafeTensorEntry> Entries, IReadOnlyDictionary<string, string> Metadata) ReadHeader(string path)
    {
        using var stream = File.OpenRead(path);
        return ReadHeader(stream, path, out _);
    }

    static (IReadOnlyDictionary<string, SafeTensorEntry>, IReadOnlyDictionary<string, string>) ReadHeader(Stream stream, string path, out long dataStart)
    {
        Span<byte> lengthBytes = stackalloc byte[8];
        if (stream.Read(lengthBytes) != 8) throw new SelGenException($"{path}: too short to be a safetensors file");
        long headerLength = BinaryPrimitives.ReadInt64LittleEndian(lengthBytes);
        if (headerLength <= 0 || headerLength > MaxHeaderBytes || headerLength > stream.Length - 8)
            throw new SelGenException($"{path}: not a safetensors file (header length {headerLength})");
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        dataStart = 8 + headerLength;
        long dataLength = stream.Length - dataStart;

        JsonObject header;
        try { header = JsonNode.Parse(headerBytes)!.AsObject(); }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException)
        {
            throw new SelGenException($"{path}: the safetensors header is not a JSON object ({e.Message})");
        }
        var entries = new Dictionary<string, SafeTensorEntry>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__")
            {
                if (node is JsonObject meta)
                    foreach (var (k, v) in meta) metadata[k] = v?.GetValue<string>() ?? "";
                continue;
            }
            try
            {
                var o = node!.AsObject();
                var dtype = o["dtype"]!.GetValue<string>();
                var shape = o["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
                var offsets = o["data_offsets"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
                if (!DTypes.ContainsKey(dtype)) throw new SelGenException($"{path}: tensor '{name}' has unsupported dtype {dtype}");
                long expected = shape.Aggregate(1L, (a, b) => a * b) * ElementSize(DTypes[dtype]);
                if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] > dataLength || offsets[1] - offsets[0] != expected)
                    throw new SelGenException($"{path}: tensor '{name}' has data_offsets [{string.Join(", ", offsets)}] that do not fit its shape [{string.Join(", ", shape)}] {dtype} or the file");
                entries[name] = new SafeTensorEntry(name, dtype, shape, offsets[0], offsets[1]);
            }
            catch (Exception e) when (e is InvalidOperationException or NullReferenceException or FormatException)
            {
                throw new SelGenException($"{path}: malformed header entry for tensor '{name}' ({e.Message})");
            }
        }
        return (entries, metadata);
    }

    /// <summary>Reads every tensor of the file (on the CPU, in its stored dtype). The caller owns the tensors.</summary>
    public static Dictionary<string, Tensor> Load(string path, Func<string, bool>? include = null)
    {
        if (!File.Exists(path)) throw new SelGenException($"{path}: no such file");
        using var stream = File.OpenRead(path);
        var (entries, _) = ReadHeader(stream, path, out long dataStart);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var entry in entries.Values.OrderBy(e => e.Begin))
        {
            if (include is not null && !include(entry.Name)) continue;
            var tensor = empty(entry.Shape, DTypes[entry.DType]);
            var span = tensor.bytes;
            stream.Position = dataStart + entry.Begin;
            stream.ReadExactly(span);
            tensor.bytes = span;
            result[entry.Name] = tensor;
        }
        return result;
    }

    /// <summary>
    /// The file's tensors one at a time, in file order, each on the CPU in its stored dtype and disposed when the
    /// enumeration moves on: loading a checkpoint holds one tensor of it in memory, not the whole file.
    /// </summary>
    public static IEnumerable<(string Name, Tensor Tensor)> ReadEach(string path)
    {
        if (!File.Exists(path)) throw new SelGenException($"{path}: no such file");
        using var stream = File.OpenRead(path);
        var (entries, _) = ReadHeader(stream, path, out long dataStart);
        foreach (var entry in entries.Values.OrderBy(e => e.Begin))
        {
            using var tensor = empty(entry.Shape, DTypes[entry.DType]);
            var span = tensor.bytes;
            stream.Position = dataStart + entry.Begin;
            stream.ReadExactly(span);
            tensor.bytes = span;
            yield return (entry.Name, tensor);
        }
    }

    /// <summary>Writes tensors (any device; copied to CPU, contiguous) in name order, with optional metadata.</summary>
    public static void Save(string path, IEnumerable<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var list = tensors.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
            header["__metadata__"] = new JsonObject(metadata.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value))));
        long offset = 0;
        foreach (var (name, tensor) in list)
        {
            if (!Names.TryGetValue(tensor.dtype, out var dtype)) throw new ArgumentException($"tensor '{name}' has dtype {tensor.dtype}, which safetensors cannot store");
            long size = tensor.numel() * ElementSize(tensor.dtype);
            header[name] = new JsonObject
            {
                ["dtype"] = dtype,
                ["shape"] = new JsonArray(tensor.shape.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + size),
            };
            offset += size;
        }
        var headerBytes = System.Text.Encoding.UTF8.GetBytes(header.ToJsonString());
        int padding = (8 - headerBytes.Length % 8) % 8;   // the format aligns the data start to 8 bytes with spaces
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        {
            Span<byte> lengthBytes = stackalloc byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(lengthBytes, headerBytes.Length + padding);
            stream.Write(lengthBytes);
            stream.Write(headerBytes);
            for (int i = 0; i < padding; i++) stream.WriteByte((byte)' ');
            foreach (var (_, tensor) in list)
            {
                using var cpu = tensor.detach().cpu().contiguous();
                stream.Write(cpu.bytes);
            }
        }
        File.Move(temporary, path, overwrite: true);  // a crash mid-write never leaves a truncated checkpoint
    }

    static long ElementSize(ScalarType t) => t switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        _ => 1,
    };
}
