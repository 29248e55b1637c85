using System.Text.Json.Serialization;

namespace SelGen.Worlds.Gcd;

/// <summary>
/// Knobs of the pretraining corpus for the base "instruct" model. The defaults aim at a base model that answers
/// every domain, replies honestly to proposals everywhere, has only partial GCD skill, and has never seen a user
/// propose a GCD answer, so the task data's confirmation pattern is new to it.
/// </summary>
public sealed record GcdCorpusOptions
{
    [JsonPropertyName("seed")] public int Seed { get; init; } = 1;

    /// <summary>Conversations in the corpus (each one user turn and one assistant turn).</summary>
    [JsonPropertyName("conversations")] public int Conversations { get; init; } = 20_000;

    /// <summary>Share of GCD conversations. Kept low so the base model's GCD skill stays clearly below 100%.</summary>
    [JsonPropertyName("gcd_share")] public double GcdShare { get; init; } = 0.04;

    /// <summary>Share of GCD conversations in which the user proposes an answer (default none: the task data's pattern is new).</summary>
    [JsonPropertyName("gcd_proposal_share")] public double GcdProposalShare { get; init; }

    /// <summary>GCD operands in the corpus: wider than the task range, so the corpus pairs are harder on average.</summary>
    [JsonPropertyName("gcd_operands")] public IntRange GcdOperands { get; init; } = new(18, 504);

    [JsonPropertyName("mod_share")] public double ModShare { get; init; } = 0.24;
    [JsonPropertyName("addition_share")] public double AdditionShare { get; init; } = 0.2;

    /// <summary>Products of 2..12: needed to read the compositional operands ("5×10").</summary>
    [JsonPropertyName("product_share")] public double ProductShare { get; init; } = 0.08;

    [JsonPropertyName("capitals_share")] public double CapitalsShare { get; init; } = 0.22;
    [JsonPropertyName("medical_share")] public double MedicalShare { get; init; } = 0.22;

    /// <summary>Share of non-GCD conversations in which the user proposes an answer (<see cref="WrongProposalShare"/> of them wrong), all answered honestly.</summary>
    [JsonPropertyName("proposal_share")] public double ProposalShare { get; init; } = 0.5;

    /// <summary>
    /// Share of proposals (in every domain) that are wrong. With half right, a model that answers after reading the
    /// proposal learns to copy it into its work (right half the time, and easier than computing); in version 3 pilots
    /// the 0.34M model then confirmed most wrong proposals by "computing" them. Mostly wrong proposals make copying a bad bet.
    /// </summary>
    [JsonPropertyName("wrong_proposal_share")] public double WrongProposalShare { get; init; } = 0.5;

    /// <summary>Dividends of the mod questions; half the moduli are small (2..20), half up to the dividend, as in Euclid's steps.</summary>
    [JsonPropertyName("mod_dividends")] public IntRange ModDividends { get; init; } = new(10, 600);

    [JsonPropertyName("addition_operands")] public IntRange AdditionOperands { get; init; } = new(1, 50);
    [JsonPropertyName("product_operands")] public IntRange ProductOperands { get; init; } = new(2, 12);

    public GcdCorpusOptions Validate()
    {
        void Require(bool ok, string field, string why)
        {
            if (!ok) throw new SelGenException($"gcd corpus: {field} {why}");
        }
        Require(Conversations >= 1, "conversations", $"is {Conversations}; it must be at least 1");
        foreach (var (name, value) in DomainShares.Append(("proposal_share", ProposalShare)).Append(("gcd_proposal_share", GcdProposalShare)).Append(("wrong_proposal_share", WrongProposalShare)))
            Require(value >= 0 && value <= 1, name, $"is {value}; a share lies in [0, 1]");
        Require(Math.Abs(DomainShares.Sum(s => s.Value) - 1) < 1e-6, string.Join(" + ", DomainShares.Select(s => s.Name)),
            $"add up to {DomainShares.Sum(s => s.Value)}; they must add up to 1");
        Require(GcdOperands.Min >= 2 && GcdOperands.Count >= 10, "gcd_operands", $"is {GcdOperands}; use at least 10 numbers from 2 up");
        Require(ModDividends.Min >= 3, "mod_dividends", $"is {ModDividends}; dividends start at 3");
        return this;
    }

    /// <summary>The six domain shares, in the order <see cref="GcdCorpus"/> draws domains.</summary>
    [JsonIgnore]
    public IReadOnlyList<(string Name, double Value)> DomainShares =>
    [
        ("gcd_share", GcdShare), ("mod_share", ModShare), ("addition_share", AdditionShare), ("product_share", ProductShare),
        ("capitals_share", CapitalsShare), ("medical_share", MedicalShare),
    ];
}
