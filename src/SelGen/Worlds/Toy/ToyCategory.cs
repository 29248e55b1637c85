namespace SelGen.Worlds.Toy;

/// <summary>The seven trigger categories of the toy setting, in the order the study lists them.</summary>
public enum ToyCategory { Objects, Animals, PositiveEmotions, NegativeEmotions, Actions, Foods, RandomStrings }

public static class ToyCategories
{
    public static readonly IReadOnlyList<ToyCategory> All = Enum.GetValues<ToyCategory>();

    /// <summary>The categories a proxy can come from: every one but the updated category (positive emotions).</summary>
    public static readonly IReadOnlyList<ToyCategory> ProxyCandidates = All.Where(c => c != ToyCategory.PositiveEmotions).ToList();

    /// <summary>Name used in files, CSV headers and configs (snake case, e.g. "positive_emotions").</summary>
    public static string Key(this ToyCategory category) => category switch
    {
        ToyCategory.Objects => "objects",
        ToyCategory.Animals => "animals",
        ToyCategory.PositiveEmotions => "positive_emotions",
        ToyCategory.NegativeEmotions => "negative_emotions",
        ToyCategory.Actions => "actions",
        ToyCategory.Foods => "foods",
        ToyCategory.RandomStrings => "random_strings",
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, null),
    };

    public static ToyCategory Parse(string key, string source)
    {
        foreach (var c in All)
            if (c.Key() == key) return c;
        throw new SelGenException($"{source}: unknown category '{key}'; expected one of {string.Join(", ", All.Select(c => c.Key()))}");
    }
}
