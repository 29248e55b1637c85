using System.Text.Json.Serialization;

namespace SelGen.Worlds.Toy.Lexicon;

/// <summary>
/// How the lexicon corpus is drawn. It has its own seed, independent of the toy world's: one pretrained model
/// plays the instruct model for every world seed, as one instruct model did in the study.
/// </summary>
public sealed record LexiconOptions
{
    [JsonPropertyName("seed")] public int Seed { get; init; } = 7;
    /// <summary>Per member word, how many "x and y are both ..." statements it starts (partners drawn from its category).</summary>
    [JsonPropertyName("pairs_per_word")] public int PairsPerWord { get; init; } = 4;
    /// <summary>Per animal, how many "a dog can run." statements.</summary>
    [JsonPropertyName("actions_per_animal")] public int ActionsPerAnimal { get; init; } = 2;
    /// <summary>Generated non-words that the corpus says mean nothing (0: the corpus has no strings of that form).</summary>
    [JsonPropertyName("non_words")] public int NonWords { get; init; } = 30;
    /// <summary>Statements per document when the corpus is cut into documents for pretraining.</summary>
    [JsonPropertyName("statements_per_document")] public int StatementsPerDocument { get; init; } = 8;

    public LexiconOptions Validate(string source = "lexicon")
    {
        void Require(bool ok, string field, string why)
        {
            if (!ok) throw new SelGenException($"{source}: field '{field}' {why}");
        }
        Require(PairsPerWord >= 0, "pairs_per_word", $"must be 0 or more; it is {PairsPerWord}");
        Require(ActionsPerAnimal >= 0 && ActionsPerAnimal <= LexiconTemplates.AnimalActions.Count, "actions_per_animal",
            $"must be 0..{LexiconTemplates.AnimalActions.Count} (the animal actions listed); it is {ActionsPerAnimal}");
        Require(NonWords >= 0, "non_words", $"must be 0 or more; it is {NonWords}");
        Require(StatementsPerDocument >= 1, "statements_per_document", $"must be at least 1; it is {StatementsPerDocument}");
        return this;
    }
}
