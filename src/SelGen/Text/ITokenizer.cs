namespace SelGen.Text;

/// <summary>
/// Text to token ids and back. <see cref="Encode"/> adds no BOS/EOS of its own (chat formats place
/// those explicitly), but a special-token string inside the text (e.g. "&lt;|im_end|&gt;") becomes its id,
/// as in Hugging Face tokenizers.
/// </summary>
public interface ITokenizer
{
    /// <summary>Highest id + 1 (the smallest embedding table that fits).</summary>
    int VocabSize { get; }

    /// <summary>Id used to fill padded positions (they are masked out, so any id works; this is the file's choice).</summary>
    int PadId { get; }

    int? BosId { get; }

    /// <summary>Id that stands for text the vocabulary cannot spell; null for byte-level tokenizers, which never need it.</summary>
    int? UnkId { get; }

    /// <summary>Control tokens (chat roles, end of turn, padding, ...) by their text.</summary>
    IReadOnlyDictionary<string, int> SpecialTokens { get; }

    int[] Encode(string text);

    /// <summary>Ids back to text; special tokens are written out unless <paramref name="skipSpecialTokens"/>.</summary>
    string Decode(IEnumerable<int> ids, bool skipSpecialTokens = true);

    /// <summary>The id of one vocabulary entry (byte-level vocabularies spell a space as 'Ġ'), or null.</summary>
    int? TokenToId(string token);

    string? IdToToken(int id);
}
