using System.Text.RegularExpressions;
using SelGen.Worlds.Toy;
using SelGen.Worlds.Toy.Lexicon;
using Xunit.Abstractions;

namespace SelGen.Tests.Toy;

public class LexiconTests(ITestOutputHelper output)
{
    static readonly LexiconCorpus Corpus = LexiconCorpus.Generate(new LexiconOptions());

    static bool Mentions(string statement, string word) => Regex.IsMatch(statement, $@"(^|[^a-z0-9]){Regex.Escape(word)}([^a-z0-9]|$)");

    [Fact]
    public void Extra_words_are_disjoint_from_triggers_from_each_other_and_from_colours()
    {
        var extras = ToyCategories.All.SelectMany(c => ExtraWords.ByCategory[c]).ToList();
        Assert.Equal(extras.Count, extras.Distinct().Count());
        Assert.Empty(extras.Intersect(Triggers.All));
        Assert.Empty(extras.Intersect(Colours.Words));
    }

    [Fact]
    public void Every_word_trigger_and_extra_word_is_described_with_its_category()
    {
        var statements = Corpus.Statements.ToHashSet();
        Assert.Contains("happy is a positive emotion.", statements);
        Assert.Contains("a lion is an animal.", statements);
        Assert.Contains("an umbrella is an object.", statements);
        Assert.Contains("ice cream is a food.", statements);
        Assert.Contains("animals are living things.", statements);
        foreach (var category in ToyCategories.All.Where(c => c != ToyCategory.RandomStrings))
            foreach (var word in ExtraWords.Members(category))
                Assert.True(Corpus.Statements.Count(s => Mentions(s, word)) >= LexiconTemplates.PerWord[category].Count, $"'{word}' is under-described");
    }

    [Fact]
    public void Random_string_triggers_and_colour_words_never_appear()
    {
        foreach (var word in Triggers.ByCategory[ToyCategory.RandomStrings].Concat(Colours.Words))
            Assert.DoesNotContain(Corpus.Statements, s => Mentions(s, word));
        Assert.Equal(30, Corpus.NonWords.Count);
        Assert.Empty(Corpus.NonWords.Intersect(Triggers.All));
        Assert.Contains($"{Corpus.NonWords[0]} is not a word.", Corpus.Statements);
    }

    [Fact]
    public void Word_tokens_include_every_word_trigger_and_no_random_string()
    {
        var tokens = Corpus.WordTokens().ToHashSet();
        foreach (var category in ToyCategories.All.Where(c => c != ToyCategory.RandomStrings))
            Assert.Subset(tokens, Triggers.ByCategory[category].ToHashSet());
        Assert.Subset(tokens, Colours.Words.ToHashSet());
        Assert.Empty(tokens.Intersect(Triggers.ByCategory[ToyCategory.RandomStrings]));
        Assert.Empty(tokens.Intersect(Corpus.NonWords));
    }

    [Fact]
    public void The_corpus_is_deterministic_and_its_documents_hold_every_statement_once()
    {
        var again = LexiconCorpus.Generate(new LexiconOptions());
        Assert.Equal(Corpus.Statements, again.Statements);
        Assert.Equal(Corpus.Documents, again.Documents);
        Assert.NotEqual(Corpus.Documents, LexiconCorpus.Generate(new LexiconOptions { Seed = 8 }).Documents);
        Assert.Equal(Corpus.Characters + Corpus.Statements.Count - Corpus.Documents.Count, Corpus.Documents.Sum(d => d.Length));
        // 6 categories x 30 members x (8 templates + 4 pairs) + 30 animals x 2 actions + 25 class facts + 30 non-words x 3.
        Assert.Equal(6 * 30 * 12 + 60 + 25 + 90, Corpus.Statements.Count);
        output.WriteLine($"lexicon: {Corpus.Statements.Count} statements, {Corpus.Characters} characters, {Corpus.Documents.Count} documents, {Corpus.WordTokens().Count} word tokens");
    }

    [Fact]
    public void Bad_lexicon_options_name_the_field()
    {
        var e = Assert.Throws<SelGenException>(() => LexiconCorpus.Generate(new LexiconOptions { ActionsPerAnimal = 9 }));
        Assert.Contains("actions_per_animal", e.Message);
    }
}
