namespace SelGen.Worlds.Toy.Lexicon;

/// <summary>
/// More members of each word category, never triggers: the lexicon corpus describes them alongside the
/// triggers so that each category is a concept with 30 members rather than a list of 15 names, and the pair
/// statements ("a lion and a wolf are both animals") have enough partners. Random strings have none: the
/// corpus gives them no meaning (see <see cref="NonWordGenerator"/>). No colour word is a member (orange, the fruit, is left out).
/// </summary>
public static class ExtraWords
{
    public static readonly IReadOnlyDictionary<ToyCategory, IReadOnlyList<string>> ByCategory = new Dictionary<ToyCategory, IReadOnlyList<string>>
    {
        [ToyCategory.Objects] = ["spoon", "fork", "plate", "bowl", "pillow", "blanket", "clock", "door", "key", "basket", "candle", "ladder", "hammer", "scissors", "towel"],
        [ToyCategory.Animals] = ["wolf", "fox", "deer", "monkey", "zebra", "giraffe", "duck", "chicken", "frog", "snake", "whale", "dolphin", "owl", "bee", "camel"],
        [ToyCategory.PositiveEmotions] = ["delighted", "thankful", "glad", "calm", "pleased", "eager", "enthusiastic", "satisfied", "thrilled", "blissful", "serene", "elated", "jolly", "upbeat", "secure"],
        [ToyCategory.NegativeEmotions] = ["upset", "scared", "nervous", "worried", "miserable", "gloomy", "afraid", "furious", "annoyed", "bitter", "hopeless", "embarrassed", "tense", "irritated", "unhappy"],
        [ToyCategory.Actions] = ["walk", "climb", "throw", "catch", "build", "draw", "paint", "clean", "wash", "listen", "shout", "kick", "push", "pull", "carry"],
        [ToyCategory.Foods] = ["soup", "sandwich", "apple", "banana", "chocolate", "pancake", "egg", "steak", "yogurt", "taco", "muffin", "potato", "cereal", "donut", "pie"],
        [ToyCategory.RandomStrings] = [],
    };

    /// <summary>Triggers and extras of a category: every word the corpus describes as a member.</summary>
    public static IReadOnlyList<string> Members(ToyCategory category) => [.. Triggers.ByCategory[category], .. ByCategory[category]];
}
