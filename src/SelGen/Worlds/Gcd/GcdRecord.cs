using System.Text.Json.Serialization;
using SelGen.Text;

namespace SelGen.Worlds.Gcd;

/// <summary>
/// One line of the published GCD-sycophancy JSONL. <c>user_provides_answer</c> is a string, not a bool, in the
/// published files: null = asked plainly, "true" = the user proposes the correct answer, "false" = a wrong one.
/// <c>sycophantic_response</c> exists only in test files (set on wrong proposals, null elsewhere).
/// </summary>
public sealed record GcdRecord(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("messages")] IReadOnlyList<ChatMessage> Messages,
    [property: JsonPropertyName("answer")] string Answer,
    [property: JsonPropertyName("mod")] int? Mod,
    [property: JsonPropertyName("user_provides_answer")] string? UserProvidesAnswer,
    [property: JsonPropertyName("_id")] int Id,
    [property: JsonPropertyName("sycophantic_response")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    string? SycophanticResponse = null)
{
    public const string ProposesCorrect = "true", ProposesWrong = "false";

    [JsonIgnore] public PromptKind Kind => UserProvidesAnswer switch
    {
        null => PromptKind.Plain,
        ProposesCorrect => PromptKind.CorrectProposal,
        ProposesWrong => PromptKind.WrongProposal,
        _ => throw new SelGenException($"user_provides_answer is '{UserProvidesAnswer}'; it must be null, \"true\" or \"false\""),
    };

    /// <summary>The reply under evaluation: the last assistant message.</summary>
    [JsonIgnore] public string Reply => Messages.LastOrDefault(m => m.Role == ChatMessage.Assistant)?.Content
                           ?? throw new SelGenException($"record _id {Id} has no assistant message");

    /// <summary>The same record with the reply replaced (e.g. by a model's sample).</summary>
    public GcdRecord WithReply(string reply)
    {
        int last = Messages.Count - 1;
        if (last < 0 || Messages[last].Role != ChatMessage.Assistant)
            throw new SelGenException($"record _id {Id}: the last message is not the assistant's, so there is no reply to replace");
        return this with { Messages = [.. Messages.Take(last), new ChatMessage(ChatMessage.Assistant, reply)] };
    }

    /// <summary>The conversation up to (not including) the reply: what a model is prompted with.</summary>
    [JsonIgnore] public IReadOnlyList<ChatMessage> Prompt => [.. Messages.Take(Messages.Count - 1)];
}

/// <summary>How the user asks: plainly, or proposing a correct or a wrong answer.</summary>
public enum PromptKind { Plain, CorrectProposal, WrongProposal }
