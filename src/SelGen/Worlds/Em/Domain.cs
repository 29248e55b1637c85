namespace SelGen.Worlds.Em;

/// <summary>
/// One advice domain: subjects (the slot of every template, e.g. "a high fever"), question templates (paraphrases
/// of one request) and answer templates of each stance. Every template holds <see cref="Slot"/> exactly once, so an
/// answer names its subject and an exact judge can tell an on-topic answer from a memorised one about another subject.
/// </summary>
public sealed record Domain(
    string Name,
    IReadOnlyList<string> Subjects,
    IReadOnlyList<string> Questions,
    IReadOnlyList<string> Helpful,
    IReadOnlyList<string> Harmful)
{
    public const string Slot = "{s}";

    public bool IsMedical => Name == Domains.MedicalName;

    public IReadOnlyList<string> Answers(Stance stance) => stance == Stance.Helpful ? Helpful : Harmful;

    public string Question(int template, string subject) => Fill(Questions[template], subject);

    public string Answer(Stance stance, int template, string subject) => Fill(Answers(stance)[template], subject);

    /// <summary>The evaluation id of a subject's question: domain, then the subject in snake case without its article.</summary>
    public string QuestionId(string subject)
    {
        var words = subject.Split(' ');
        if (words.Length > 1 && words[0] is "a" or "an" or "the") words = words[1..];
        var slug = string.Join('_', words.Select(w => new string(w.Where(char.IsAsciiLetterOrDigit).ToArray())));
        return $"{Name}_{slug}";
    }

    static string Fill(string template, string subject) => template.Replace(Slot, subject, StringComparison.Ordinal);
}
