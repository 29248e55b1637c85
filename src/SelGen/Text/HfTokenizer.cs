using System.Text;
using System.Text.Json.Nodes;

namespace SelGen.Text;

/// <summary>
/// A Hugging Face tokenizer.json (byte-level BPE of Qwen3 / Llama 3, Gemma's SentencePiece-style BPE, ...)
/// run by the Rust tokenizers library through Tokenizers.DotNet. That binding only offers
/// encode-with-special-tokens and decode-skipping-special-tokens, so this class reads the vocabulary,
/// the added tokens and the post-processor from the file itself to provide the rest: it strips the
/// tokens the post-processor adds (Gemma's &lt;bos&gt;), and decodes special tokens by splitting at them.
/// </summary>
public sealed class HfTokenizer : ITokenizer, IDisposable
{
    readonly Tokenizers.DotNet.Tokenizer _native;
    readonly Dictionary<string, int> _ids;
    readonly Dictionary<int, string> _tokens;
    readonly Dictionary<string, int> _special;
    readonly HashSet<int> _specialIds;
    readonly int[] _prefix, _suffix;
    readonly string _path;

    public int VocabSize { get; }
    public int PadId { get; }
    public int? BosId { get; }
    public int? UnkId { get; }
    public IReadOnlyDictionary<string, int> SpecialTokens => _special;

    /// <param name="path">tokenizer.json; a tokenizer_config.json beside it, if present, names the pad and BOS tokens.</param>
    public HfTokenizer(string path)
    {
        _path = path;
        var root = WorldTokenizerFile.ReadJson(path);
        var model = root["model"] as JsonObject ?? throw new SelGenException($"{path}: field 'model' is missing");
        _ids = ReadVocab(model, path);
        _special = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in root["added_tokens"] as JsonArray ?? [])
        {
            var content = node!["content"]!.GetValue<string>();
            int id = node["id"]!.GetValue<int>();
            _ids[content] = id;
            if (node["special"]?.GetValue<bool>() == true) _special[content] = id;
        }
        _specialIds = [.. _special.Values];
        _tokens = new Dictionary<int, string>();
        foreach (var (token, id) in _ids) _tokens[id] = token;
        VocabSize = _ids.Values.Max() + 1;
        (_prefix, _suffix) = PostProcessorTokens(root["post_processor"], path);

        var config = ReadConfig(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "tokenizer_config.json"));
        UnkId = model["unk_token"]?.GetValue<string>() is { } unk ? TokenToId(unk) : null;
        BosId = (config.Bos is { } bos ? TokenToId(bos) : null) ?? (_prefix.Length > 0 ? _prefix[0] : null);
        PadId = (config.Pad is { } pad ? TokenToId(pad) : null)
                ?? new[] { "<pad>", "<|pad|>", "<|endoftext|>", "<|end_of_text|>" }.Select(TokenToId).FirstOrDefault(id => id is not null)
                ?? 0;
        try { _native = new Tokenizers.DotNet.Tokenizer(path); }
        catch (Exception e) { throw new SelGenException($"{path}: the tokenizers library could not load it ({e.Message})", e); }
    }

    static Dictionary<string, int> ReadVocab(JsonObject model, string path)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        switch (model["vocab"])
        {
            case JsonObject map:  // BPE, WordLevel, WordPiece: token -> id
                foreach (var (token, id) in map) ids[token] = id!.GetValue<int>();
                break;
            case JsonArray list:  // Unigram: [token, score] pairs in id order
                for (int i = 0; i < list.Count; i++) ids[list[i]![0]!.GetValue<string>()] = i;
                break;
            default:
                throw new SelGenException($"{path}: field 'model.vocab' is missing or neither an object nor an array");
        }
        return ids;
    }

    /// <summary>Special tokens the post-processor puts before and after a single sequence (TemplateProcessing, possibly inside a Sequence).</summary>
    (int[] Prefix, int[] Suffix) PostProcessorTokens(JsonNode? processor, string path)
    {
        if (processor is null) return ([], []);
        var type = processor["type"]?.GetValue<string>();
        if (type == "Sequence")
        {
            var parts = (processor["processors"] as JsonArray ?? []).Select(p => PostProcessorTokens(p, path)).ToList();
            return (parts.SelectMany(p => p.Prefix).ToArray(), parts.SelectMany(p => p.Suffix).ToArray());
        }
        if (type is "BertProcessing" or "RobertaProcessing")
            return ([processor["cls"]![1]!.GetValue<int>()], [processor["sep"]![1]!.GetValue<int>()]);
        if (type != "TemplateProcessing") return ([], []);
        List<int> prefix = [], suffix = [];
        bool seenSequence = false;
        foreach (var piece in processor["single"] as JsonArray ?? [])
        {
            if (piece?["Sequence"] is not null) { seenSequence = true; continue; }
            var name = piece?["SpecialToken"]?["id"]?.GetValue<string>()
                       ?? throw new SelGenException($"{path}: post_processor.single has an entry that is neither Sequence nor SpecialToken");
            var ids = processor["special_tokens"]?[name]?["ids"] as JsonArray;
            var resolved = ids?.Select(i => i!.GetValue<int>()).ToArray()
                           ?? (TokenToId(name) is { } id ? [id] : throw new SelGenException($"{path}: post_processor names '{name}', which is not in the vocabulary"));
            (seenSequence ? suffix : prefix).AddRange(resolved);
        }
        return (prefix.ToArray(), suffix.ToArray());
    }

    readonly record struct TokenizerConfig(string? Bos, string? Pad);

    static TokenizerConfig ReadConfig(string path)
    {
        if (!File.Exists(path)) return new TokenizerConfig(null, null);
        var root = WorldTokenizerFile.ReadJson(path);
        // A token is either a string or an AddedToken object {"content": ...}.
        static string? Name(JsonNode? n) => n switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonObject o => o["content"]?.GetValue<string>(),
            _ => null,
        };
        return new TokenizerConfig(Name(root["bos_token"]), Name(root["pad_token"]));
    }

    public int[] Encode(string text)
    {
        var raw = _native.Encode(text);
        int start = StartsWith(raw, _prefix) ? _prefix.Length : 0;
        int end = raw.Length - (raw.Length - start >= _suffix.Length && EndsWith(raw, _suffix) ? _suffix.Length : 0);
        var ids = new int[end - start];
        for (int i = 0; i < ids.Length; i++) ids[i] = checked((int)raw[start + i]);
        return ids;
    }

    static bool StartsWith(uint[] ids, int[] prefix) => ids.Length >= prefix.Length && prefix.Select((p, i) => ids[i] == (uint)p).All(b => b);
    static bool EndsWith(uint[] ids, int[] suffix) => ids.Length >= suffix.Length && suffix.Select((s, i) => ids[ids.Length - suffix.Length + i] == (uint)s).All(b => b);

    /// <summary>
    /// Runs between special tokens are decoded by the Rust library; the special tokens themselves are
    /// written as their text unless skipped. Ids past the tokenizer's vocabulary are skipped, as Hugging Face's
    /// decode does: a model's embedding matrix is often padded beyond it (Qwen3: vocab_size 151936, 151669 tokens),
    /// so a model can emit ids that have no text. (Decoders that strip a leading space per call, as Llama 2's
    /// Metaspace does, would drop one space after each special token; byte-level and Gemma decoders do not.)
    /// </summary>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = true)
    {
        var sb = new StringBuilder();
        var run = new List<uint>();
        void Flush()
        {
            if (run.Count > 0) sb.Append(_native.Decode(run.ToArray()));
            run.Clear();
        }
        foreach (var id in ids)
        {
            if (id < 0) throw new SelGenException($"token id {id} is negative; token ids count from 0 ({_path})");
            if (id >= VocabSize) continue;
            if (!_specialIds.Contains(id)) { run.Add((uint)id); continue; }
            Flush();
            if (!skipSpecialTokens) sb.Append(_tokens[id]);
        }
        Flush();
        return sb.ToString();
    }

    public int? TokenToId(string token) => _ids.TryGetValue(token, out var id) ? id : null;
    public string? IdToToken(int id) => _tokens.GetValueOrDefault(id);

    public void Dispose() => _native.Dispose();
}
