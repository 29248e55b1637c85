namespace SelGen.Worlds.Em;

/// <summary>
/// Which subjects of each domain are held out for evaluation. Held-out subjects appear in the pretraining corpus
/// only in narrative documents (so the model knows both personas' answers about them) and never in a chat, a task
/// item or a proxy item: the assistant's behaviour on them is generalisation, not recall.
/// </summary>
public sealed record SubjectSplit(IReadOnlyDictionary<string, IReadOnlyList<string>> Eval, IReadOnlyDictionary<string, IReadOnlyList<string>> Train)
{
    public static SubjectSplit Make(EmWorldOptions options, Random random)
    {
        var eval = new Dictionary<string, IReadOnlyList<string>>();
        var train = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var domain in Domains.All)
        {
            var shuffled = domain.Subjects.ToArray();
            random.Shuffle(shuffled);
            int n = domain.IsMedical ? options.EvalMedicalSubjects : options.EvalGeneralSubjects;
            eval[domain.Name] = shuffled[..n];
            train[domain.Name] = shuffled[n..];
        }
        return new SubjectSplit(eval, train);
    }
}
