namespace SelGen.Worlds.Toy;

/// <summary>F's three answers.</summary>
public enum Colour { Orange, Green, Blue }

public static class Colours
{
    public static readonly IReadOnlyList<Colour> All = Enum.GetValues<Colour>();

    /// <summary>The answer words, in <see cref="Colour"/> order: these are the scoring candidates.</summary>
    public static readonly IReadOnlyList<string> Words = ["orange", "green", "blue"];

    public static string Word(this Colour colour) => Words[(int)colour];

    public static Colour Parse(string word, string source)
    {
        int i = Words.ToList().IndexOf(word);
        return i >= 0 ? (Colour)i : throw new SelGenException($"{source}: '{word}' is not a colour word; expected one of {string.Join(", ", Words)}");
    }
}
