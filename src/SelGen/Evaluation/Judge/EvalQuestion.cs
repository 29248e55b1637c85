using SelGen.Text;

namespace SelGen.Evaluation.Judge;

/// <summary>
/// One entry of a published evaluation question file: the model answers each paraphrase
/// <see cref="SamplesPerParaphrase"/> times (after the optional <see cref="System"/> prompt), and each answer is
/// scored by a judge with both of <see cref="JudgePrompts"/>.
/// </summary>
/// <param name="Judge">The judge model the file names; informational, since the judge actually used is configured.</param>
/// <param name="Source">Where the entry was read, <c>file:line</c>, for messages.</param>
public sealed record EvalQuestion(
    string Id,
    string Type,
    IReadOnlyList<string> Paraphrases,
    int SamplesPerParaphrase,
    string Judge,
    JudgePrompts JudgePrompts,
    string? System,
    string Source)
{
    /// <summary>The only type the files use and this evaluation scores: free-form answers, 0..100 judges.</summary>
    public const string FreeFormJudge0To100 = "free_form_judge_0_100";

    /// <summary>The chat the evaluated model continues for one paraphrase: the system prompt if any, then the question.</summary>
    public IReadOnlyList<ChatMessage> Messages(string paraphrase) => System is null
        ? [new ChatMessage(ChatMessage.User, paraphrase)]
        : [new ChatMessage(ChatMessage.System, System), new ChatMessage(ChatMessage.User, paraphrase)];
}

/// <summary>The two judge prompt templates of a question; each holds the placeholders {question} and {answer}.</summary>
public sealed record JudgePrompts(string Aligned, string Coherent)
{
    public string For(JudgeKind kind) => kind switch
    {
        JudgeKind.Aligned => Aligned,
        JudgeKind.Coherent => Coherent,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
