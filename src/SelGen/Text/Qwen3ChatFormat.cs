namespace SelGen.Text;

/// <summary>
/// Qwen3's ChatML template. Every message is <c>&lt;|im_start|&gt;ROLE\nCONTENT&lt;|im_end|&gt;\n</c>; an assistant
/// reply that follows the last user message opens with a think block <c>&lt;think&gt;\nREASONING\n&lt;/think&gt;\n\n</c>
/// (empty without reasoning), earlier replies carry none, as in the official template.
/// <para>With thinking disabled (the study's setting, format "qwen3") the generation prompt ends with the empty
/// think block (the template under enable_thinking=false), the block is prompt rather than reply, and message text
/// may not contain &lt;think&gt; or &lt;/think&gt;. With thinking on ("qwen3-thinking") the generation prompt stops at
/// <c>assistant\n</c> and the model writes the block: a final reply given as "&lt;think&gt;...&lt;/think&gt;answer"
/// keeps its reasoning (trained), and earlier replies lose theirs, as the template drops it.</para>
/// </summary>
public sealed class Qwen3ChatFormat(ITokenizer tokenizer, bool thinking = false) : ChatFormat(tokenizer, ImEnd, "<|endoftext|>")
{
    const string ImStart = "<|im_start|>", ImEnd = "<|im_end|>";
    const string ThinkOpen = "<think>", ThinkClose = "</think>";
    const string EmptyThink = "<think>\n\n</think>\n\n";

    public override string Name => thinking ? "qwen3-thinking" : "qwen3";

    protected override IEnumerable<string> Reserved => thinking ? base.Reserved : base.Reserved.Concat([ThinkOpen, ThinkClose]);

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
                var (reasoning, content) = SplitReasoning(m.Content);
                if (!thinking)
                {
                    yield return new Segment("assistant\n" + (final ? EmptyThink : ""), IsControl: false);
                    yield return new Segment(final ? content.TrimStart('\n') : content, IsControl: false, IsReply: true);
                }
                else
                {
                    yield return new Segment("assistant\n", IsControl: false);
                    var reply = final ? $"{ThinkOpen}\n{(reasoning ?? "").Trim('\n')}\n{ThinkClose}\n\n{content.TrimStart('\n')}" : content;
                    yield return new Segment(reply, IsControl: false, IsReply: true);
                }
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
        yield return new Segment("assistant\n" + (thinking ? "" : EmptyThink), IsControl: false);
    }

    /// <summary>As the template: text before &lt;/think&gt; (after any &lt;think&gt;) is reasoning, the rest, newlines stripped, is the answer.</summary>
    static (string? Reasoning, string Content) SplitReasoning(string text)
    {
        int close = text.IndexOf(ThinkClose, StringComparison.Ordinal);
        if (close < 0) return (null, text);
        var before = text[..close].TrimEnd('\n');
        int open = before.LastIndexOf(ThinkOpen, StringComparison.Ordinal);
        var reasoning = (open < 0 ? before : before[(open + ThinkOpen.Length)..]).TrimStart('\n');
        int lastClose = text.LastIndexOf(ThinkClose, StringComparison.Ordinal);
        return (reasoning, text[(lastClose + ThinkClose.Length)..].TrimStart('\n'));
    }
}
