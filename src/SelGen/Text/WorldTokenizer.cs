using System.Text;

namespace SelGen.Text;

/// <summary>
/// The tokenizer of a generated world: one token per character (so every digit is its own token), plus
/// optional whole-word tokens for a given word list (a listed word is one token where it stands alone),
/// plus control tokens for chat. A character outside the vocabulary becomes &lt;|unk|&gt;, never nothing.
/// Saved as a Hugging Face tokenizer.json (<see cref="WorldTokenizerFile"/>) that the Rust tokenizers
/// library reads to the same ids.
/// </summary>
public sealed class WorldTokenizer : ITokenizer
{
    public const string Pad = "<|pad|>", Unk = "<|unk|>", Bos = "<|bos|>", End = "<|end|>",
        SystemRole = "<|system|>", UserRole = "<|user|>", AssistantRole = "<|assistant|>";

    /// <summary>Control tokens in id order: they take ids 0..6.</summary>
    public static readonly IReadOnlyList<string> ControlTokens = [Pad, Unk, Bos, End, SystemRole, UserRole, AssistantRole];

    readonly string[] _tokens;
    readonly Dictionary<string, int> _ids;
    readonly Dictionary<string, int> _special;

    /// <summary>Whole-word entries, longest first (the order in which the pre-tokenizer tries them).</summary>
    public IReadOnlyList<string> Words { get; }

    /// <param name="tokens">the vocabulary in id order: control tokens, then characters, then words.</param>
    /// <param name="words">the entries of <paramref name="tokens"/> that are whole words.</param>
    internal WorldTokenizer(IReadOnlyList<string> tokens, IEnumerable<string> words)
    {
        _tokens = tokens.ToArray();
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _tokens.Length; i++)
            if (!_ids.TryAdd(_tokens[i], i)) throw new SelGenException($"tokenizer vocabulary lists '{Escape(_tokens[i])}' twice (ids {_ids[_tokens[i]]} and {i})");
        for (int i = 0; i < ControlTokens.Count; i++)
            if (i >= _tokens.Length || _tokens[i] != ControlTokens[i])
                throw new SelGenException($"world tokenizer: id {i} must be the control token '{ControlTokens[i]}'");
        _special = ControlTokens.ToDictionary(t => t, t => _ids[t], StringComparer.Ordinal);
        Words = words.OrderByDescending(w => w.Length).ThenBy(w => w, StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// Builds the vocabulary from a world's corpus: every character that occurs in it (and, by default,
    /// printable ASCII and newline, so that held-out prompts rarely need &lt;|unk|&gt;), then the listed words.
    /// </summary>
    /// <param name="words">whole-word tokens; each must start and end with a letter or digit and contain a letter.</param>
    public static WorldTokenizer Build(IEnumerable<string> corpus, IEnumerable<string>? words = null, bool includePrintableAscii = true)
    {
        var chars = new HashSet<string>(StringComparer.Ordinal);
        if (includePrintableAscii)
        {
            chars.Add("\n");
            for (char c = ' '; c <= '~'; c++) chars.Add(c.ToString());
        }
        foreach (var text in corpus)
            foreach (var piece in SplitControl(text, ControlTokens))
                if (!piece.IsControl)
                    foreach (var rune in piece.Text.EnumerateRunes()) chars.Add(rune.ToString());
        var wordList = (words ?? []).Distinct(StringComparer.Ordinal).ToList();
        foreach (var w in wordList) ValidateWord(w);
        var tokens = ControlTokens
            .Concat(chars.Where(c => !ControlTokens.Contains(c)).OrderBy(c => c, StringComparer.Ordinal))
            .Concat(wordList.Where(w => !chars.Contains(w)).OrderBy(w => w, StringComparer.Ordinal))
            .ToList();
        return new WorldTokenizer(tokens, wordList.Where(w => w.EnumerateRunes().Count() > 1));
    }

    static void ValidateWord(string w)
    {
        var runes = w.EnumerateRunes().ToList();
        if (runes.Count == 0) throw new SelGenException("world tokenizer: a word in the word list is empty");
        if (!WordBoundaries.IsWordRune(runes[0]) || !WordBoundaries.IsWordRune(runes[^1]))
            throw new SelGenException($"world tokenizer: word '{w}' must start and end with a letter or digit (it is matched as a whole word)");
        if (!runes.Any(Rune.IsLetter))
            throw new SelGenException($"world tokenizer: word '{w}' has no letter; numbers stay one token per digit");
        if (ControlTokens.Any(w.Contains))
            throw new SelGenException($"world tokenizer: word '{w}' contains a control token");
    }

    public int VocabSize => _tokens.Length;
    public int PadId => 0;
    public int? BosId => _ids[Bos];
    public int? UnkId => _ids[Unk];
    public IReadOnlyDictionary<string, int> SpecialTokens => _special;
    public IReadOnlyList<string> Vocabulary => _tokens;

    public int[] Encode(string text)
    {
        var ids = new List<int>(text.Length);
        foreach (var piece in SplitControl(text, ControlTokens))
        {
            if (piece.IsControl) { ids.Add(_ids[piece.Text]); continue; }
            foreach (var token in WordBoundaries.Split(piece.Text, Words))
                ids.Add(_ids.TryGetValue(token, out var id) ? id : _ids[Unk]);
        }
        return ids.ToArray();
    }

    /// <summary>
    /// &lt;|unk|&gt; is written out even when special tokens are skipped: it stands for text that was there.
    /// </summary>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = true)
    {
        var sb = new StringBuilder();
        foreach (var id in ids)
        {
            if (id < 0 || id >= _tokens.Length) throw new SelGenException($"token id {id} is outside the vocabulary (0..{_tokens.Length - 1})");
            if (skipSpecialTokens && id < ControlTokens.Count && _tokens[id] != Unk) continue;
            sb.Append(_tokens[id]);
        }
        return sb.ToString();
    }

    public int? TokenToId(string token) => _ids.TryGetValue(token, out var id) ? id : null;
    public string? IdToToken(int id) => id >= 0 && id < _tokens.Length ? _tokens[id] : null;

    public void Save(string path) => WorldTokenizerFile.Save(this, path);

    internal readonly record struct Piece(string Text, bool IsControl);

    /// <summary>Cuts text at occurrences of control tokens (leftmost, then longest), as HF's added-token matching does.</summary>
    internal static IEnumerable<Piece> SplitControl(string text, IReadOnlyList<string> controls)
    {
        int start = 0, i = 0;
        while (i < text.Length)
        {
            string? hit = null;
            foreach (var c in controls)
                if (i + c.Length <= text.Length && string.CompareOrdinal(text, i, c, 0, c.Length) == 0 && (hit is null || c.Length > hit.Length))
                    hit = c;
            if (hit is null) { i++; continue; }
            if (i > start) yield return new Piece(text[start..i], false);
            yield return new Piece(hit, true);
            i += hit.Length;
            start = i;
        }
        if (start < text.Length) yield return new Piece(text[start..], false);
    }

    static string Escape(string s) => s.Replace("\n", "\\n").Replace("\t", "\\t");
}
