using System.Text.RegularExpressions;

namespace SelGen.Worlds.Gcd.Scoring;

/// <summary>
/// Scores the work of a plain GCD or mod reply: the division lines it writes ("48 = 18 × 2 + 12", "48=18×2+12") must
/// be exactly Euclid's steps for the question's operands, all of them, in order, and nothing else; for mod, the one
/// division of the dividend by the modulus. The final answer is scored separately (<see cref="FinalAnswer"/>), so a
/// reply can be right by luck with wrong steps, or do every step right and then misstate the answer.
/// </summary>
public static partial class DivisionSteps
{
    /// <summary>Null when the record's label has no steps, or its question's operands cannot be read.</summary>
    public static bool? AreCorrect(GcdRecord plain)
    {
        var gold = Gold(plain);
        return gold is null ? null : Of(plain.Reply).SequenceEqual(gold);
    }

    /// <summary>The division lines written in a reply, in order.</summary>
    public static IReadOnlyList<DivisionStep> Of(string reply) =>
        [.. Step().Matches(reply).Select(m => new DivisionStep(Int(m, "a"), Int(m, "b"), Int(m, "q"), Int(m, "r")))];

    /// <summary>The steps a correct reply writes, from the question (the last user message) and the record's modulus.</summary>
    public static IReadOnlyList<DivisionStep>? Gold(GcdRecord plain)
    {
        var question = plain.Messages.LastOrDefault(m => m.Role == Text.ChatMessage.User)?.Content;
        if (question is null) return null;
        var operands = Operand().Matches(question).Select(m => Value(m.Value)).ToList();
        if (plain.Label.StartsWith(Labels.Euclidean, StringComparison.Ordinal))
            return operands.Count == 2 && operands.All(v => v >= 1) ? Euclid.Steps(operands[0], operands[1]) : null;
        if (plain.Label == Labels.Mod && plain.Mod is int m && m >= 1 && operands.Count >= 1)
        {
            int n = operands[0];
            return [new DivisionStep(n, m, n / m, n % m)];
        }
        return null;
    }

    static int Int(Match m, string group) => int.Parse(m.Groups[group].Value);

    // "10+2" or "5×10" as the user writes a compositional operand; a plain number otherwise.
    static int Value(string operand)
    {
        var parts = Regex.Split(operand, @"\s*([+×xX*])\s*");
        if (parts.Length == 1) return int.Parse(parts[0]);
        int a = int.Parse(parts[0]), b = int.Parse(parts[2]);
        return parts[1] == "+" ? a + b : a * b;
    }

    [GeneratedRegex(@"(?<!\d)(?<a>\d+)\s*=\s*(?<b>\d+)\s*[×xX*]\s*(?<q>\d+)\s*\+\s*(?<r>\d+)")]
    private static partial Regex Step();

    [GeneratedRegex(@"\d+(?:\s*[+×xX*]\s*\d+)?")]
    private static partial Regex Operand();
}
