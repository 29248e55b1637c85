using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SelGen.Text;

/// <summary>
/// A <see cref="WorldTokenizer"/> as a Hugging Face tokenizer.json: a WordLevel model over characters and
/// words, a Split pre-tokenizer whose regex <c>\b(?:words, longest first)\b|[\s\S]</c> cuts text into those
/// pieces, the control tokens as added tokens, and a Fuse decoder (concatenation, no spaces added).
/// &lt;|unk|&gt; is an added token but not "special", so decoders write it out.
/// </summary>
public static class WorldTokenizerFile
{
    public static void Save(WorldTokenizer tokenizer, string path)
    {
        var added = new JsonArray();
        foreach (var control in WorldTokenizer.ControlTokens)
            added.Add(new JsonObject
            {
                ["id"] = tokenizer.SpecialTokens[control],
                ["content"] = control,
                ["single_word"] = false,
                ["lstrip"] = false,
                ["rstrip"] = false,
                ["normalized"] = false,
                ["special"] = control != WorldTokenizer.Unk,
            });
        var vocab = new JsonObject();
        for (int i = 0; i < tokenizer.VocabSize; i++) vocab[tokenizer.IdToToken(i)!] = i;
        var root = new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = added,
            ["normalizer"] = null,
            ["pre_tokenizer"] = new JsonObject
            {
                ["type"] = "Split",
                ["pattern"] = new JsonObject { ["Regex"] = Pattern(tokenizer.Words) },
                ["behavior"] = "Isolated",
                ["invert"] = false,
            },
            ["post_processor"] = null,
            ["decoder"] = new JsonObject { ["type"] = "Fuse" },
            ["model"] = new JsonObject { ["type"] = "WordLevel", ["vocab"] = vocab, ["unk_token"] = WorldTokenizer.Unk },
        };
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllText(path, root.ToJsonString(WriteOptions));
    }

    static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The pre-tokenizer regex (Oniguruma syntax, as the Rust library compiles it).</summary>
    public static string Pattern(IReadOnlyList<string> wordsLongestFirst) =>
        wordsLongestFirst.Count == 0 ? @"[\s\S]" : @"\b(?:" + string.Join("|", wordsLongestFirst.Select(EscapeRegex)) + @")\b|[\s\S]";

    static string EscapeRegex(string word)
    {
        var sb = new StringBuilder();
        foreach (var rune in word.EnumerateRunes())
        {
            if (!Rune.IsLetterOrDigit(rune) && rune.Value != ' ') sb.Append('\\');
            sb.Append(rune.ToString());
        }
        return sb.ToString();
    }

    /// <summary>True if the parsed tokenizer.json is one this class wrote (WordLevel with the world's control tokens).</summary>
    public static bool IsWorldFile(JsonObject root) =>
        root["model"]?["type"]?.GetValue<string>() == "WordLevel"
        && root["model"]?["vocab"] is JsonObject vocab
        && WorldTokenizer.ControlTokens.Select((t, i) => vocab[t]?.GetValue<int>() == i).All(ok => ok);

    public static WorldTokenizer Load(string path)
    {
        var root = ReadJson(path);
        if (!IsWorldFile(root)) throw new SelGenException($"{path}: not a world tokenizer (expected a WordLevel model whose ids 0..6 are {string.Join(", ", WorldTokenizer.ControlTokens)})");
        return FromJson(root, path);
    }

    internal static JsonObject ReadJson(string path)
    {
        if (!File.Exists(path)) throw new SelGenException($"{path}: no such file (expected a Hugging Face tokenizer.json)");
        try
        {
            return JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new SelGenException($"{path}: the file is JSON null");
        }
        catch (JsonException e)
        {
            throw new SelGenException($"{path}: not valid JSON ({e.Message})");
        }
    }

    internal static WorldTokenizer FromJson(JsonObject root, string path)
    {
        var vocab = root["model"]!["vocab"]!.AsObject();
        var tokens = new string?[vocab.Count];
        foreach (var (token, idNode) in vocab)
        {
            int id = idNode!.GetValue<int>();
            if (id < 0 || id >= tokens.Length || tokens[id] is not null)
                throw new SelGenException($"{path}: model.vocab ids must be 0..{tokens.Length - 1}, each once; '{token}' has id {id}");
            tokens[id] = token;
        }
        var words = tokens.Skip(WorldTokenizer.ControlTokens.Count).Where(t => t!.EnumerateRunes().Count() > 1).Select(t => t!).ToList();
        var tokenizer = new WorldTokenizer(tokens!, words);
        var expected = Pattern(tokenizer.Words);
        var actual = root["pre_tokenizer"]?["pattern"]?["Regex"]?.GetValue<string>();
        if (actual != expected)
            throw new SelGenException($"{path}: pre_tokenizer.pattern.Regex does not match the vocabulary's words (expected {expected}); rebuild the tokenizer instead of editing the file");
        return tokenizer;
    }
}
