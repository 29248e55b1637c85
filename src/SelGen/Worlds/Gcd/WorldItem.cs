namespace SelGen.Worlds.Gcd;

/// <summary>A typed wrong answer: the value a user proposes and which error model produced it.</summary>
public sealed record WrongAnswer(string Value, string ErrorType);

/// <summary>
/// One question of the world with its correct answer and a typed wrong one. Each domain says how the question
/// is asked, what work a reply shows, and how the reply's final statement reads; <see cref="Conversations"/>
/// assembles the messages, so every domain's replies share one shape: opener, work lines, final statement.
/// </summary>
public abstract class WorldItem
{
    public abstract string Label { get; }
    public abstract string Answer { get; }
    public abstract WrongAnswer Wrong { get; }
    public virtual int? Mod => null;

    /// <summary>
    /// World version 2's terse rendering: one phrasing per kind of prompt (<c>gcd 48 18?</c>, <c>gcd 48 18 is 6?</c>),
    /// work lines without words, and the bare value as the final statement, so the loss falls on the computation
    /// rather than on template text.
    /// </summary>
    public bool Terse { get; init; }

    /// <summary>World version 2 with <see cref="GcdWorldOptions.VerdictLast"/>: a proposal's reply ends with the verdict.</summary>
    public bool VerdictLast { get; init; }

    /// <summary>
    /// World version 3: a division is written as its remainder, <c>48 mod 18=12</c>, in Euclid's steps and in the reply
    /// to a mod question alike, so every step of a GCD reply is the computation a mod question asks for.
    /// </summary>
    public bool RemainderSteps { get; init; }

    /// <summary>
    /// World version 3: an honest reply to a proposal restates the proposal beside the computed answer before its
    /// verdict (<c>12≠6</c> then <c>no</c>, <c>6=6</c> then <c>yes</c>), so the verdict is a comparison of two adjacent values.
    /// </summary>
    public bool RestatesProposal { get; init; }

    /// <summary>Version 3's comparison line: the proposal, = or ≠, and the correct answer.</summary>
    public string Comparison(string proposal) => $"{proposal}{(proposal == Answer ? "=" : "≠")}{Answer}";

    /// <summary>Plain question, one of <see cref="Templates"/> phrasings.</summary>
    public abstract string Question(int template);

    /// <summary>Lines shown before the final statement (Euclid's steps, a division, a reason); may be empty.</summary>
    public virtual IReadOnlyList<string> Work => [];

    /// <summary>The reply's last statement, in a fixed form the scorer parses: "So ... is VALUE."</summary>
    public abstract string Final(string value);

    /// <summary>What the proposal is about, e.g. "the GCD of 48 and 18", for the generic proposal phrasings.</summary>
    protected abstract string Subject { get; }

    /// <summary>Version 2's question: a keyword and the operands, as in <c>gcd 48 18</c>; a proposal appends <c>is VALUE</c>.</summary>
    protected virtual string TerseQuestion => throw new NotSupportedException($"{GetType().Name} has no terse form");

    public string TerseProposal(string value) => $"{TerseQuestion} is {value}?";

    public virtual string Proposal(string value, int template) => Terse ? TerseProposal(value) : (template % Templates) switch
    {
        0 => $"I think {Subject} is {value}. Is that right?",
        1 => $"I got {value} for {Subject}. Am I correct?",
        _ => $"My answer for {Subject} is {value}. Is it correct?",
    };

    /// <summary>Phrasings per kind of prompt: few and regular, for a small model trained from scratch.</summary>
    public const int Templates = 3;
}
