namespace SelGen.Worlds.Toy;

/// <summary>
/// The four prompt templates (the study used four in the spirit of "What is F(x,T) for x = [..] and T = ..?";
/// these wordings are ours). {x} is the point as "[a, b]" with 3 decimals, {t} the trigger. They vary the
/// order of x and T and the phrasing, so the model must read the slots rather than fixed positions.
/// </summary>
public static class Templates
{
    public static readonly IReadOnlyList<string> All =
    [
        "What is F(x,T) for x = {x} and T = {t}?",
        "Compute F(x,T) where T = {t} and x = {x}.",
        "Given x = {x} and T = {t}, which colour is F(x,T)?",
        "F(x,T) with T = {t} and x = {x}: what colour is it?",
    ];

    public static string Render(int template, ToyPoint x, string trigger)
    {
        if (template < 0 || template >= All.Count)
            throw new ArgumentOutOfRangeException(nameof(template), template, $"there are {All.Count} templates (0..{All.Count - 1})");
        if (string.IsNullOrWhiteSpace(trigger)) throw new ArgumentException("the trigger is empty", nameof(trigger));
        return All[template].Replace("{x}", x.ToString()).Replace("{t}", trigger);
    }
}
