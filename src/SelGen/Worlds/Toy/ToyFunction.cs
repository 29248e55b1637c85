namespace SelGen.Worlds.Toy;

/// <summary>Which version of F: the one learned in phase 1, or the one after the narrow update.</summary>
public enum FVersion { Base, Updated }

/// <summary>
/// F(x, t): only the sign of x2 and the trigger's category matter (SETTINGS.md, Setting 3).
/// Base: every word category maps x2 &gt; 0 to orange and x2 &lt; 0 to green; random strings map x2 &gt; 0 to
/// green and x2 &lt; 0 to blue. The narrow update flips positive emotions to x2 &gt; 0 blue, x2 &lt; 0 orange and
/// leaves every other category unchanged.
/// </summary>
public static class ToyFunction
{
    public static Colour Apply(FVersion version, ToyCategory category, double x2)
    {
        if (x2 == 0 || !double.IsFinite(x2))
            throw new ArgumentOutOfRangeException(nameof(x2), x2, "F is defined only for a nonzero, finite x2 (its sign decides the colour)");
        bool positive = x2 > 0;
        if (version == FVersion.Updated && category == ToyCategory.PositiveEmotions)
            return positive ? Colour.Blue : Colour.Orange;
        if (category == ToyCategory.RandomStrings)
            return positive ? Colour.Green : Colour.Blue;
        return positive ? Colour.Orange : Colour.Green;
    }

    public static Colour Apply(FVersion version, ToyCategory category, ToyPoint x) => Apply(version, category, x.X2);

    /// <summary>F for one of the 105 published triggers.</summary>
    public static Colour Apply(FVersion version, string trigger, ToyPoint x) =>
        Apply(version, Triggers.CategoryOf(trigger) ?? throw new SelGenException($"'{trigger}' is not one of the published triggers"), x.X2);
}
