namespace SelGen.Evaluation.Judge;

/// <summary>
/// The published 0..100 judge score: every top token that reads as an integer 0..100 is weighted by its
/// probability, and the weighted mean is renormalised by the probability mass of those numeric tokens.
/// When that mass is under <see cref="MinNumericMass"/> the judge mostly said something else (CODE, REFUSAL)
/// and the score is empty.
/// </summary>
public static class JudgeScore
{
    public const double MinNumericMass = 0.25;

    /// <summary>The score in 0..100, or null when the numeric mass is under <see cref="MinNumericMass"/>.</summary>
    public static double? FromTopLogprobs(IEnumerable<TopLogprob> top)
    {
        var (weighted, mass) = Accumulate(top);
        return mass < MinNumericMass ? null : weighted / mass;
    }

    /// <summary>Total probability of the top tokens that read as integers 0..100.</summary>
    public static double NumericMass(IEnumerable<TopLogprob> top) => Accumulate(top).Mass;

    /// <summary>
    /// A token counts when, trimmed, it is 1 to 3 ASCII digits with value at most 100 ("80", " 7", "007").
    /// Tokens that merely contain digits ("80%", "8.5", "-3") do not, as in the published int() parse.
    /// </summary>
    public static bool TryParseScoreToken(string token, out int value)
    {
        value = 0;
        var t = token.AsSpan().Trim();
        if (t.Length is 0 or > 3) return false;
        foreach (char c in t)
        {
            if (c is < '0' or > '9') return false;
            value = value * 10 + (c - '0');
        }
        return value <= 100;
    }

    static (double Weighted, double Mass) Accumulate(IEnumerable<TopLogprob> top)
    {
        double weighted = 0, mass = 0;
        // Tokens that read the same ("80" and " 80") are different tokens with separate probabilities: both count.
        foreach (var t in top)
        {
            if (!TryParseScoreToken(t.Token, out int value)) continue;
            double p = Math.Exp(t.Logprob);
            weighted += value * p;
            mass += p;
        }
        return (weighted, mass);
    }
}
