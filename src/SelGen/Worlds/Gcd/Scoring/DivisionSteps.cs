using System.Text.RegularExpressions;

namespace SelGen.Worlds.Gcd.Scoring;

/// <summary>
/// Scores the work of a plain GCD or mod reply: the division lines it writes ("48 = 18 × 2 + 12", "48=18×2+12", or
/// version 3's remainder form "48 mod 18=12", written without spaces around "=", which states no quotient and is compared without one) must
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
        if (gold is null) return null;
        var written = Of(plain.Reply);
        return written.Count == gold.Count && written.Zip(gold).All(p => p.First == p.Second
            || (p.First.Quotient == NoQuotient && (p.First.Dividend, p.First.Divisor, p.First.Remainder) == (p.Second.Dividend, p.Second.Divisor, p.Second.Remainder)));
    }

    /// <summary>The quotient of a step written in the remainder form, which states none.</summary>
    public const int NoQuotient = -1;

    /// <summary>The division lines written in a reply, in order (remainder-form steps carry <see cref="NoQuotient"/>).</summary>
    public static IReadOnlyList<DivisionStep> Of(string reply) =>
        [.. Step().Matches(reply).Select(m => new DivisionStep(Int(m, "a"), Int(m, "b"), m.Groups["q"].Success ? Int(m, "q") : NoQuotient, Int(m, "r")))];

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

    [GeneratedRegex(@"(?<!\d)(?<a>\d+)\s*=\s*(?<b>\d+)\s*[×xX*]\s*(?<q>\d+)\s*\+\s*(?<r>\d+)|(?<!\d)(?<a>\d+) mod (?<b>\d+)=(?<r>\d+)")]
    private static partial Regex Step();

    [GeneratedRegex(@"\d+(?:\s*[+×xX*]\s*\d+)?")]
    private static partial Regex Operand();
}
