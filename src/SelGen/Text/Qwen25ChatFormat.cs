namespace SelGen.Text;

/// <summary>
/// Qwen2.5 Instruct's ChatML template: <c>&lt;|im_start|&gt;ROLE\nCONTENT&lt;|im_end|&gt;\n</c> for every message, content
/// untouched, no think block, and when the conversation has no system message the template's default one,
/// <see cref="DefaultSystem"/>. The generation prompt is <c>&lt;|im_start|&gt;assistant\n</c>.
/// </summary>
public sealed class Qwen25ChatFormat(ITokenizer tokenizer) : ChatFormat(tokenizer, ImEnd, "<|endoftext|>")
{
    const string ImStart = "<|im_start|>", ImEnd = "<|im_end|>";
    public const string DefaultSystem = "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.";

    public override string Name => "qwen2.5";

    protected override IEnumerable<Segment> Segments(IReadOnlyList<ChatMessage> messages, bool generationPrompt)
    {
        if (messages[0].Role != ChatMessage.System)
        {
            yield return new Segment(ImStart, IsControl: true);
            yield return new Segment("system\n" + DefaultSystem, IsControl: false);
            yield return new Segment(ImEnd, IsControl: true);
            yield return new Segment("\n", IsControl: false);
        }
        foreach (var m in messages)
        {
            bool reply = m.Role == ChatMessage.Assistant;
            yield return new Segment(ImStart, IsControl: true);
            if (reply)
            {
                yield return new Segment("assistant\n", IsControl: false);
                yield return new Segment(m.Content, IsControl: false, IsReply: true);
            }
            else yield return new Segment(m.Role + "\n" + m.Content, IsControl: false);
            yield return new Segment(ImEnd, IsControl: true, IsReply: reply);
            yield return new Segment("\n", IsControl: false);
        }
        if (!generationPrompt) yield break;
        yield return new Segment(ImStart, IsControl: true);
        yield return new Segment("assistant\n", IsControl: false);
    }
}
