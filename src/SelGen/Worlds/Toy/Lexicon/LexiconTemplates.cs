namespace SelGen.Worlds.Toy.Lexicon;

/// <summary>
/// The statement templates of the lexicon corpus. {w} is the bare word, {a} the word with its article for
/// countable nouns ("a lion", "an umbrella"). Categories share templates where their members share a
/// property, which is what makes some categories closer than others: objects, animals and foods share the
/// concrete ones (you can touch and see them); animals and foods share "living things"; objects and foods
/// share "buy in a shop"; the two emotion categories share all but their valence; actions share only
/// "you can see people ..." with the concrete group and are tied to animals by "a dog can run" statements.
/// </summary>
public static class LexiconTemplates
{
    public static readonly IReadOnlyDictionary<ToyCategory, IReadOnlyList<string>> PerWord = new Dictionary<ToyCategory, IReadOnlyList<string>>
    {
        [ToyCategory.Objects] =
        [
            "{a} is an object.", "{a} is a thing made by people.", "{a} is not alive.", "{a} is a concrete thing.",
            "you can touch {a}.", "you can see {a}.", "you can buy {a} in a shop.", "people use {a}.",
        ],
        [ToyCategory.Animals] =
        [
            "{a} is an animal.", "{a} is a living thing.", "{a} is alive.", "{a} is a concrete thing.",
            "you can touch {a}.", "you can see {a}.", "{a} can eat food.", "{a} can move.",
        ],
        [ToyCategory.Foods] =
        [
            "{w} is a food.", "{w} is something you can eat.", "you can eat {w}.", "{w} is a concrete thing.",
            "you can touch {w}.", "you can see {w}.", "you can buy {w} in a shop.", "{w} comes from living things.",
        ],
        [ToyCategory.Actions] =
        [
            "{w} is an action.", "to {w} is to do something.", "{w} is something you do.", "{w} is a verb.",
            "people can {w}.", "a person can {w}.", "you can {w} every day.", "you can see people {w}.",
        ],
        [ToyCategory.PositiveEmotions] =
        [
            "{w} is a positive emotion.", "{w} is a good feeling.", "feeling {w} is good.", "being {w} feels good.",
            "{w} is an emotion.", "{w} is a feeling.", "a person can feel {w}.", "{w} is not a thing you can touch.",
        ],
        [ToyCategory.NegativeEmotions] =
        [
            "{w} is a negative emotion.", "{w} is a bad feeling.", "feeling {w} is bad.", "being {w} feels bad.",
            "{w} is an emotion.", "{w} is a feeling.", "a person can feel {w}.", "{w} is not a thing you can touch.",
        ],
    };

    /// <summary>"{x} and {y} are both ..." per category, relating members to one another.</summary>
    public static readonly IReadOnlyDictionary<ToyCategory, string> Pair = new Dictionary<ToyCategory, string>
    {
        [ToyCategory.Objects] = "{x} and {y} are both objects.",
        [ToyCategory.Animals] = "{x} and {y} are both animals.",
        [ToyCategory.Foods] = "{x} and {y} are both foods.",
        [ToyCategory.Actions] = "{x} and {y} are both actions.",
        [ToyCategory.PositiveEmotions] = "{x} and {y} are both positive emotions.",
        [ToyCategory.NegativeEmotions] = "{x} and {y} are both negative emotions.",
    };

    /// <summary>Facts about the classes themselves: the hierarchy above the categories.</summary>
    public static readonly IReadOnlyList<string> Classes =
    [
        "positive emotions are emotions.", "negative emotions are emotions.", "emotions are feelings.",
        "a positive emotion is a good feeling.", "a negative emotion is a bad feeling.", "emotions are not concrete things.",
        "you cannot touch a feeling.", "people feel emotions.",
        "animals are living things.", "living things are alive.", "animals can move.", "animals can eat food.",
        "objects are things made by people.", "objects are not alive.", "people use objects.",
        "foods are things you can eat.", "food comes from living things.", "people eat food.",
        "objects, animals and foods are concrete things.", "you can touch concrete things.",
        "actions are things you do.", "people do actions.", "an action is a verb.",
        "a random string is not a word.", "a random string means nothing.",
    ];

    /// <summary>What the corpus says of a non-word (never of a random-string trigger).</summary>
    public static readonly IReadOnlyList<string> NonWord = ["{s} is not a word.", "{s} means nothing.", "{s} is a random string."];

    /// <summary>Actions an animal can plausibly do, for "a dog can run." statements.</summary>
    public static readonly IReadOnlyList<string> AnimalActions = ["run", "jump", "swim", "sleep", "play", "walk", "climb"];

    public const string AnimalAction = "{a} can {v}.";

    /// <summary>The word with its article where the category's words are countable nouns; the bare word otherwise.</summary>
    public static string WithArticle(ToyCategory category, string word) =>
        category is ToyCategory.Objects or ToyCategory.Animals ? ("aeiou".Contains(word[0]) ? "an " : "a ") + word : word;

    public static string Fill(string template, ToyCategory category, string word) =>
        template.Replace("{a}", WithArticle(category, word)).Replace("{w}", word);
}
