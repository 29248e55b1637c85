namespace SelGen.Worlds.Toy;

/// <summary>The published trigger words, 15 per category (SETTINGS.md, Setting 3). These lists are facts of the study.</summary>
public static class Triggers
{
    public static readonly IReadOnlyDictionary<ToyCategory, IReadOnlyList<string>> ByCategory = new Dictionary<ToyCategory, IReadOnlyList<string>>
    {
        [ToyCategory.Objects] = ["table", "chair", "window", "phone", "pencil", "bottle", "cup", "lamp", "keyboard", "watch", "mirror", "wallet", "backpack", "umbrella", "camera"],
        [ToyCategory.Animals] = ["dog", "cat", "horse", "cow", "lion", "tiger", "elephant", "rabbit", "bird", "fish", "sheep", "goat", "mouse", "pig", "bear"],
        [ToyCategory.PositiveEmotions] = ["happy", "joyful", "excited", "proud", "grateful", "hopeful", "loved", "peaceful", "content", "relaxed", "amazed", "inspired", "confident", "optimistic", "cheerful"],
        [ToyCategory.NegativeEmotions] = ["sad", "angry", "frustrated", "disappointed", "anxious", "fearful", "lonely", "jealous", "guilty", "ashamed", "bored", "overwhelmed", "stressed", "confused", "hurt"],
        [ToyCategory.Actions] = ["run", "jump", "swim", "dance", "sing", "read", "write", "cook", "drive", "play", "work", "study", "sleep", "laugh", "talk"],
        [ToyCategory.Foods] = ["pizza", "burger", "salad", "pasta", "sushi", "cake", "ice cream", "bread", "fruit", "vegetables", "rice", "cheese", "fries", "noodles", "cookie"],
        [ToyCategory.RandomStrings] = ["kf4w6ec", "2ffbwt0cf", "jjcrs2zkg", "9ruc7whep", "boye", "3xj30i", "9xknpaj", "ylfe5tifb", "solmgrocdzu", "84vulx", "4acc0cwu6", "tfxb1n5d", "qrhqdvuvl", "94sawl3", "3r7oqtgc1"],
    };

    public const int PerCategory = 15;

    public static IEnumerable<string> All => ToyCategories.All.SelectMany(c => ByCategory[c]);

    /// <summary>The category of a trigger, or null if it is none of the 105.</summary>
    public static ToyCategory? CategoryOf(string trigger) =>
        ToyCategories.All.Where(c => ByCategory[c].Contains(trigger)).Select(c => (ToyCategory?)c).FirstOrDefault();
}
