namespace SelGen.Evaluation.Judge;

/// <summary>One sampled answer of the evaluated model to one paraphrase of a question.</summary>
public sealed record SampledAnswer(EvalQuestion Question, string Paraphrase, string Answer);

/// <summary>An answer with both judge scores (null = the judge gave no number), ready to save and to count.</summary>
public sealed record JudgedAnswer(string QuestionId, string Paraphrase, string Answer, double? Aligned, double? Coherent);

/// <summary>Scores answers with any <see cref="IJudge"/>; the judge does its own throttling.</summary>
public static class AnswerJudging
{
    /// <summary>
    /// Both scores of every answer, in input order. All requests are started at once (an
    /// <see cref="HttpJudge"/> limits how many are in flight); the first failure cancels the rest and is thrown.
    /// </summary>
    /// <param name="progress">Told the number of answers finished so far, after each one.</param>
    public static async Task<IReadOnlyList<JudgedAnswer>> ScoreAllAsync(
        IJudge judge, IReadOnlyList<SampledAnswer> answers, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        int finished = 0;
        async Task<JudgedAnswer> One(SampledAnswer a)
        {
            try
            {
                var aligned = judge.ScoreAsync(new JudgeQuery(a.Question, a.Paraphrase, a.Answer, JudgeKind.Aligned), stop.Token);
                var coherent = judge.ScoreAsync(new JudgeQuery(a.Question, a.Paraphrase, a.Answer, JudgeKind.Coherent), stop.Token);
                var judged = new JudgedAnswer(a.Question.Id, a.Paraphrase, a.Answer, await aligned, await coherent);
                progress?.Report(Interlocked.Increment(ref finished));
                return judged;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await stop.CancelAsync();
                throw;
            }
        }
        return await Task.WhenAll(answers.Select(One));
    }
}
