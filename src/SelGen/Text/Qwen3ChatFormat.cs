namespace SelGen.Text;

/// <summary>
/// Qwen3's ChatML template with thinking disabled, as the study ran it. Every message is
/// <c>&lt;|im_start|&gt;ROLE\nCONTENT&lt;|im_end|&gt;\n</c>; an assistant reply that follows the last user
/// message opens with an empty think block <c>&lt;think&gt;\n\n&lt;/think&gt;\n\n</c> (the template's
/// rendering of a final reply without reasoning, and its generation prompt under enable_thinking=false),
/// while earlier replies carry none, as in the official template. Reasoning content is not supported,
/// so message text may not contain &lt;think&gt; or &lt;/think&gt;.
/// </summary>
public sealed class Qwen3ChatFormat(ITokenizer tokenizer) : ChatFormat(tokenizer, ImEnd, "<|endoftext|>")
{
    const string ImStart = "<|im_start|>", ImEnd = "<|im_end|>";
    const string EmptyThink = "<think>\n\n</think>\n\n";

    public override string Name => "qwen3";

    protected override IEnumerable<string> Reserved => base.Reserved.Concat(["<think>", "</think>"]);

    protected override IEnumerable<Segment> Segments(IReadOnlyList<ChatMessage> messages, bool generationPrompt)
    {
        int lastUser = messages.Select((m, i) => (m, i)).Last(p => p.m.Role == ChatMessage.User).i;
        for (int i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            yield return new Segment(ImStart, IsControl: true);
            if (m.Role == ChatMessage.Assistant)
            {
                bool final = i > lastUser;
                yield return new Segment("assistant\n" + (final ? EmptyThink : ""), IsControl: false);
                yield return new Segment(final ? m.Content.TrimStart('\n') : m.Content, IsControl: false, IsReply: true);
                yield return new Segment(ImEnd, IsControl: true, IsReply: true);
            }
            else
            {
                yield return new Segment(m.Role + "\n" + m.Content, IsControl: false);
                yield return new Segment(ImEnd, IsControl: true);
            }
            yield return new Segment("\n", IsControl: false);
        }
        if (!generationPrompt) yield break;
        yield return new Segment(ImStart, IsControl: true);
        yield return new Segment("assistant\n" + EmptyThink, IsControl: false);
    }
}
