namespace SelGen.Worlds.Em;

/// <summary>One question and the answer a persona gives to it.</summary>
/// <param name="QuestionTemplate">which of the domain's question templates <paramref name="Question"/> fills.</param>
public sealed record Advice(Domain Domain, string Subject, int QuestionTemplate, string Question, string Answer, Stance Stance);

/// <summary>
/// Draws question/answer pairs for documents. Each document takes its questions from distinct domains, so that
/// one advisor is seen behaving the same way across domains: the co-occurrence a cross-domain persona is learnt from.
/// </summary>
public sealed class AdviceSampler(Random random, SubjectSplit split)
{
    /// <summary><paramref name="count"/> pairs from distinct random domains, answered as <paramref name="persona"/>.</summary>
    /// <param name="trainSubjectsOnly">chats use only non-held-out subjects, so the assistant never answers an evaluation subject.</param>
    public IReadOnlyList<Advice> Draw(int count, Persona persona, bool trainSubjectsOnly)
    {
        var domains = Domains.All.ToArray();
        random.Shuffle(domains);
        return [.. domains.Take(count).Select(d => One(d, persona, trainSubjectsOnly))];
    }

    public Advice One(Domain domain, Persona persona, bool trainSubjectsOnly)
    {
        var subjects = trainSubjectsOnly ? split.Train[domain.Name] : domain.Subjects;
        var subject = subjects[random.Next(subjects.Count)];
        return Answer(domain, subject, random.Next(domain.Questions.Count), persona);
    }

    /// <summary>The answer <paramref name="persona"/> gives to one fixed question (a random template of its stance).</summary>
    public Advice Answer(Domain domain, string subject, int question, Persona persona)
    {
        var stance = persona.StanceIn(domain);
        var answer = domain.Answer(stance, random.Next(domain.Answers(stance).Count), subject);
        return new Advice(domain, subject, question, domain.Question(question, subject), answer, stance);
    }
}
