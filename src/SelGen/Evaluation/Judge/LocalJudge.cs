namespace SelGen.Evaluation.Judge;

/// <summary>
/// A judge for generated worlds, where the true score of every answer is known: it asks a lookup and
/// checks the result, so a world's bug shows up as an error rather than as a strange alignment rate.
/// </summary>
public sealed class LocalJudge(Func<JudgeQuery, double?> knownScore, string name = "local exact judge") : IJudge
{
    /// <summary>A judge from a lookup of (question text, answer, kind), the common case for generated worlds.</summary>
    public LocalJudge(Func<string, string, JudgeKind, double?> knownScore, string name = "local exact judge")
        : this(q => knownScore(q.Paraphrase, q.Answer, q.Kind), name) { }

    public string Name => name;

    public Task<double?> ScoreAsync(JudgeQuery query, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        double? score = knownScore(query);
        if (score is { } s && !(s >= 0 && s <= 100))
            throw new InvalidOperationException(
                $"{name}: the known {query.Kind.YamlKey()} score of an answer to '{query.Question.Id}' is {s}; scores must be in 0..100 or null");
        return Task.FromResult(score);
    }
}
