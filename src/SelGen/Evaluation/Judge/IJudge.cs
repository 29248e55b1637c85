namespace SelGen.Evaluation.Judge;

/// <summary>What a judge scores: one answer to one paraphrase of a question, with one of its two judge prompts.</summary>
public sealed record JudgeQuery(EvalQuestion Question, string Paraphrase, string Answer, JudgeKind Kind);

/// <summary>
/// Scores answers 0..100. Implemented by <see cref="HttpJudge"/> (an LLM behind a chat-completions endpoint)
/// and <see cref="LocalJudge"/> (known scores of generated worlds); evaluation code takes either.
/// </summary>
public interface IJudge
{
    /// <summary>Names the judge in saved results (model and endpoint, or the local rule).</summary>
    string Name { get; }

    /// <summary>The score in 0..100, or null when the judge gave no number (it said CODE or REFUSAL).</summary>
    Task<double?> ScoreAsync(JudgeQuery query, CancellationToken cancellationToken = default);
}
