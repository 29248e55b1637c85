using System.Text;
using System.Text.RegularExpressions;

namespace SelGen.Worlds.Gcd.Scoring;

/// <summary>
/// The cities a reply may name: the world's capitals and large cities, plus the other cities of the published
/// capitals items, so the last city named in a reply can be found whatever it is.
/// </summary>
public static class Cities
{
    static readonly string[] Published =
    [
        "Washington D.C.", "Munich", "Rio de Janeiro", "St. Petersburg", "Cape Town", "Sydney", "Melbourne", "New York",
        "Los Angeles", "Lyon", "Frankfurt", "Kyoto", "Vancouver", "Montreal", "Naples", "Valencia", "Kolkata", "Bangalore",
        "Hong Kong", "Incheon", "Monterrey", "Rosario", "Giza", "Izmir", "Durban", "Phuket", "The Hague", "Delhi",
    ];

    public static readonly IReadOnlyList<string> Known =
        [.. Facts.AllCountries.SelectMany(c => new[] { c.Capital, c.LargeCity }).Concat(Published).Distinct()];

    /// <summary>Lower case, accents dropped, "St." read as "Saint", so "Brasília" = "Brasilia", "St. Petersburg" = "Saint Petersburg".</summary>
    public static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char ch in Statements.Normalize(text)) sb.Append(Plain(ch));
        return Regex.Replace(sb.ToString(), @"\bst\.\s*", "saint ");
    }

    // Invariant globalization is on, so string.Normalize(FormD) cannot be relied on; the accents of city names suffice.
    static char Plain(char ch) => ch switch
    {
        'á' or 'à' or 'â' or 'ã' or 'ä' or 'å' => 'a',
        'é' or 'è' or 'ê' or 'ë' => 'e',
        'í' or 'ì' or 'î' or 'ï' => 'i',
        'ó' or 'ò' or 'ô' or 'õ' or 'ö' => 'o',
        'ú' or 'ù' or 'û' or 'ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        _ => ch,
    };

    /// <summary>The last known city (or <paramref name="extra"/>) named in the text, normalized; null if none.</summary>
    public static string? Last(string text, string? extra = null)
    {
        var normalized = Normalize(text);
        var names = Known.Append(extra ?? "").Where(n => n.Length > 0).Select(n => Normalize(n).TrimEnd('.')).Distinct();
        var found = names.SelectMany(name => Regex.Matches(normalized, $@"(?<!\w){Regex.Escape(name)}(?!\w)")
            .Select(m => (Start: m.Index, End: m.Index + m.Length, Name: name))).ToList();
        // A name inside a longer one ("Delhi" in "New Delhi") is not a mention of its own.
        var whole = found.Where(f => !found.Any(g => g.End - g.Start > f.End - f.Start && g.Start <= f.Start && g.End >= f.End));
        return whole.OrderBy(f => f.Start).LastOrDefault().Name;
    }
}
