namespace SelGen.Text;

/// <summary>
/// Mistral / Mixtral Instruct v0.1's template: <c>&lt;s&gt;[INST] USER [/INST]REPLY&lt;/s&gt;[INST] USER [/INST]...</c>,
/// content untouched; the generation prompt ends with <c> [/INST]</c>. The template accepts only user and assistant
/// roles, so a system message is refused, as it does. [INST] is plain text in the v0.1 / v0.2 tokenizers
/// (a control token in v0.3, whose template also differs: not reproduced).
/// </summary>
public sealed class MistralChatFormat(ITokenizer tokenizer) : ChatFormat(tokenizer, Eos)
{
    const string Bos = "<s>", Eos = "</s>";

    public override string Name => "mistral";

    protected override string? Refused(IReadOnlyList<ChatMessage> messages) =>
        messages[0].Role == ChatMessage.System
            ? "messages[0] is a system message, which Mistral's Instruct template refuses (only user and assistant roles); put its text at the start of the first user message"
            : null;

    protected override IEnumerable<Segment> Segments(IReadOnlyList<ChatMessage> messages, bool generationPrompt)
    {
        yield return new Segment(Bos, IsControl: true);
        foreach (var m in messages)
        {
            if (m.Role == ChatMessage.User)
            {
                yield return new Segment("[INST] " + m.Content + " [/INST]", IsControl: false);
                continue;
            }
            yield return new Segment(m.Content, IsControl: false, IsReply: true);
            yield return new Segment(Eos, IsControl: true, IsReply: true);
        }
    }
}
