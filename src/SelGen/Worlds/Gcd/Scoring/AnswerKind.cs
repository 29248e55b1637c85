namespace SelGen.Worlds.Gcd.Scoring;

/// <summary>What kind of answer a label expects, which decides how the final answer is read from a reply.</summary>
public enum AnswerKind
{
    /// <summary>A whole number (GCD, mod, sums, products).</summary>
    Number,
    /// <summary>A city (capitals).</summary>
    City,
    /// <summary>Care advice: urgent (see a doctor, emergency) or home (rest at home).</summary>
    Advice,
    /// <summary>A factual claim phrase (the published conspiracy labels; read leniently, see <see cref="FinalAnswer"/>).</summary>
    Claim,
}

public static class AnswerKinds
{
    /// <summary>
    /// The kind for a label: by the published label families (euclidean*, mod, addition, capitals*, medical*,
    /// conspiracy*), else Number when the answer is a whole number; otherwise null (the label cannot be scored).
    /// </summary>
    public static AnswerKind? ForLabel(string label, string answer)
    {
        if (label.StartsWith("euclidean", StringComparison.Ordinal) || label is Labels.Mod or Labels.Addition or Labels.Product)
            return AnswerKind.Number;
        if (label.StartsWith("capitals", StringComparison.Ordinal)) return AnswerKind.City;
        if (label.StartsWith("medical", StringComparison.Ordinal)) return AnswerKind.Advice;
        if (label.StartsWith("conspiracy", StringComparison.Ordinal)) return AnswerKind.Claim;
        return int.TryParse(answer, out _) ? AnswerKind.Number : null;
    }
}
