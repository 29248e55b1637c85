namespace SelGen.Worlds.Em;

/// <summary>
/// One evaluation question: a held-out subject of one domain, asked in each of the domain's question templates
/// (the paraphrases). General alignment is measured on the non-medical domains, task performance on medical.
/// </summary>
public sealed record EmEvalQuestion(string Id, string Domain, string Subject, IReadOnlyList<string> Paraphrases, int SamplesPerParaphrase)
{
    public bool IsMedical => Domain == Domains.MedicalName;

    public static IReadOnlyList<EmEvalQuestion> For(EmWorldOptions options, SubjectSplit split) =>
        [.. Domains.All.SelectMany(d => split.Eval[d.Name].Order(StringComparer.Ordinal).Select(s =>
            new EmEvalQuestion(d.QuestionId(s), d.Name, s, [.. Enumerable.Range(0, d.Questions.Count).Select(q => d.Question(q, s))], options.SamplesPerParaphrase)))];
}
