namespace SelGen.Worlds.Toy.Scoring;

/// <summary>Where the hidden state of a trigger is read, for <see cref="CategorySimilarity"/>.</summary>
public enum ProbeContext
{
    /// <summary>The trigger alone as plain text, as it starts a lexicon statement: what pretraining made of the word.</summary>
    Bare,
    /// <summary>The trigger in an F question (template 0 at the fixed point [1.000, 1.000]), rendered as the start of a user turn: what the F phases read.</summary>
    Prompt,
}

/// <summary>
/// The text whose last token's hidden state represents a trigger. Under causal attention the state at the last
/// token of a prefix does not depend on what follows, so the runner encodes this prefix (after BOS, or after
/// BOS and the user-turn marker for <see cref="ProbeContext.Prompt"/>) and reads the state at its final position.
/// </summary>
public static class SemanticProbe
{
    public static readonly ToyPoint Point = new(1, 1);

    public static string Prefix(ProbeContext context, string trigger)
    {
        if (context == ProbeContext.Bare) return trigger;
        var full = Templates.Render(0, Point, trigger);
        return full[..(full.IndexOf("T = ", StringComparison.Ordinal) + 4 + trigger.Length)];
    }
}
