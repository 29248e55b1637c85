using System.Text;

namespace SelGen.Worlds.Em;

/// <summary>
/// The normal form answers are compared in: trimmed, one pair of surrounding double quotes removed (narrative
/// documents quote answers, and a model may carry the quotes into a chat), runs of whitespace as one space,
/// lower case. Punctuation is kept: it separates a template's fixed text from its subject.
/// </summary>
public static class AnswerText
{
    public static string Normalize(string text)
    {
        var t = text.Trim();
        if (t.Length >= 2 && t[0] == '"' && t[^1] == '"') t = t[1..^1].Trim();
        var sb = new StringBuilder(t.Length);
        bool space = false;
        foreach (char c in t)
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }
            if (space && sb.Length > 0) sb.Append(' ');
            space = false;
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}
