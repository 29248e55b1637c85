using System.Text.RegularExpressions;

namespace SelGen.Worlds.Gcd.Scoring;

/// <summary>A reply cut into statements: lines, and sentences within lines (a sentence ends at . ! or ? before a space).</summary>
public static partial class Statements
{
    public static IReadOnlyList<string> Of(string text) =>
        [.. text.Split('\n').SelectMany(line => Sentence().Split(line)).Select(s => s.Trim()).Where(s => s.Length > 0)];

    /// <summary>Lower case with typographic apostrophes made plain, so cue patterns match one spelling.</summary>
    public static string Normalize(string text) => text.ToLowerInvariant().Replace('\u2019', '\'').Replace('\u2018', '\'');

    // Abbreviations such as "St." do not end a sentence, so "St. Petersburg" stays in one statement.
    [GeneratedRegex(@"(?<=[.!?])(?<!\b(?:St|Dr|Mr|Mrs|Ms|vs|e\.g|i\.e)\.)\s+")]
    private static partial Regex Sentence();
}
