namespace SelGen.Worlds.Toy.Lexicon;

/// <summary>
/// Strings of the same form as the random-string triggers (lower-case letters and digits, 4-11 characters,
/// most with a digit) but never one of them. The corpus says only that they mean nothing, which gives the
/// model the concept "not a word" that a real language model has from seeing countless ids and hashes,
/// while the 15 random-string triggers themselves, like the held-out words of a real model's vocabulary
/// that it has never been told F about, stay unseen until the F phases.
/// </summary>
public static class NonWordGenerator
{
    const string Letters = "abcdefghijklmnopqrstuvwxyz", Digits = "0123456789";

    public static IReadOnlyList<string> Generate(int count, Random rng, IReadOnlySet<string> forbidden)
    {
        var result = new List<string>(count);
        var seen = new HashSet<string>(forbidden);
        while (result.Count < count)
        {
            int length = rng.Next(4, 12);
            bool withDigits = rng.NextDouble() < 0.8;  // 12 of the 15 published random strings have a digit
            var chars = new char[length];
            for (int i = 0; i < length; i++)
                chars[i] = withDigits && rng.NextDouble() < 0.3 ? Digits[rng.Next(Digits.Length)] : Letters[rng.Next(Letters.Length)];
            var s = new string(chars);
            if (withDigits && !s.Any(char.IsDigit)) continue;
            if (seen.Add(s)) result.Add(s);
        }
        return result;
    }
}
