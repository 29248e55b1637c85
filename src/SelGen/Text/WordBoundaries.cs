using System.Globalization;
using System.Text;

namespace SelGen.Text;

/// <summary>
/// Splits text the way the world tokenizer's pre-tokenizer regex <c>\b(?:w1|w2|...)\b|[\s\S]</c> does in the
/// Rust tokenizers library (Oniguruma): a listed word where it stands alone, else one code point.
/// Alternatives are tried longest first, and "word character" is Oniguruma's Unicode \w.
/// </summary>
static class WordBoundaries
{
    public static bool IsWordRune(Rune r) => Rune.GetUnicodeCategory(r) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation => true,
        _ => false,
    };

    /// <summary>True if position <paramref name="index"/> of <paramref name="text"/> lies between a word and a non-word character (or an end).</summary>
    public static bool IsBoundary(string text, int index)
    {
        bool before = index > 0 && Rune.TryGetRuneAt(text, PreviousRuneStart(text, index), out var b) && IsWordRune(b);
        bool after = index < text.Length && Rune.TryGetRuneAt(text, index, out var a) && IsWordRune(a);
        return before != after;
    }

    static int PreviousRuneStart(string text, int index) =>
        index >= 2 && char.IsLowSurrogate(text[index - 1]) && char.IsHighSurrogate(text[index - 2]) ? index - 2 : index - 1;

    /// <summary>The pieces of <paramref name="text"/>: listed words (longest first, whole words only) and single code points.</summary>
    public static IEnumerable<string> Split(string text, IReadOnlyList<string> wordsLongestFirst)
    {
        int i = 0;
        while (i < text.Length)
        {
            string? word = null;
            if (IsBoundary(text, i))
                foreach (var w in wordsLongestFirst)
                    if (i + w.Length <= text.Length && string.CompareOrdinal(text, i, w, 0, w.Length) == 0 && IsBoundary(text, i + w.Length))
                    {
                        word = w;
                        break;
                    }
            int length = word?.Length ?? (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1);
            yield return text.Substring(i, length);
            i += length;
        }
    }
}
