namespace SelGen.Text;

/// <summary>
/// The generated worlds' layout, made of control tokens only (no role words or newlines for a small
/// model to learn): <c>&lt;|bos|&gt;[&lt;|system|&gt;S&lt;|end|&gt;]&lt;|user|&gt;U&lt;|end|&gt;&lt;|assistant|&gt;A&lt;|end|&gt;...</c>
/// </summary>
public sealed class WorldChatFormat(ITokenizer tokenizer) : ChatFormat(tokenizer, WorldTokenizer.End)
{
    public override string Name => "world";

    protected override IEnumerable<Segment> Segments(IReadOnlyList<ChatMessage> messages, bool generationPrompt)
    {
        yield return new Segment(WorldTokenizer.Bos, IsControl: true);
        foreach (var m in messages)
        {
            bool reply = m.Role == ChatMessage.Assistant;
            yield return new Segment(m.Role switch
            {
                ChatMessage.System => WorldTokenizer.SystemRole,
                ChatMessage.User => WorldTokenizer.UserRole,
                _ => WorldTokenizer.AssistantRole,
            }, IsControl: true);
            yield return new Segment(m.Content, IsControl: false, IsReply: reply);
            yield return new Segment(WorldTokenizer.End, IsControl: true, IsReply: reply);
        }
        if (generationPrompt) yield return new Segment(WorldTokenizer.AssistantRole, IsControl: true);
    }
}
