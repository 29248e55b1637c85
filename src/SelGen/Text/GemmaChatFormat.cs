namespace SelGen.Text;

/// <summary>
/// Gemma's template: <c>&lt;bos&gt;&lt;start_of_turn&gt;user\nTEXT&lt;end_of_turn&gt;\n&lt;start_of_turn&gt;model\nTEXT&lt;end_of_turn&gt;\n</c>.
/// A system message is folded into the first user turn as "SYSTEM\n\n" (Gemma has no system role);
/// content is trimmed of surrounding whitespace, as the template's <c>| trim</c> does.
/// </summary>
public sealed class GemmaChatFormat(ITokenizer tokenizer) : ChatFormat(tokenizer, EndOfTurn, "<eos>")
{
    const string Bos = "<bos>", StartOfTurn = "<start_of_turn>", EndOfTurn = "<end_of_turn>";

    public override string Name => "gemma";

    protected override IEnumerable<Segment> Segments(IReadOnlyList<ChatMessage> messages, bool generationPrompt)
    {
        var (system, turns) = SplitSystem(messages);
        yield return new Segment(Bos, IsControl: true);
        for (int i = 0; i < turns.Count; i++)
        {
            var m = turns[i];
            yield return new Segment(StartOfTurn, IsControl: true);
            if (m.Role == ChatMessage.Assistant)
            {
                yield return new Segment("model\n", IsControl: false);
                yield return new Segment(m.Content.Trim(), IsControl: false, IsReply: true);
                yield return new Segment(EndOfTurn, IsControl: true, IsReply: true);
            }
            else
            {
                var prefix = i == 0 && system is not null ? system + "\n\n" : "";
                yield return new Segment("user\n" + prefix + m.Content.Trim(), IsControl: false);
                yield return new Segment(EndOfTurn, IsControl: true);
            }
            yield return new Segment("\n", IsControl: false);
        }
        if (!generationPrompt) yield break;
        yield return new Segment(StartOfTurn, IsControl: true);
        yield return new Segment("model\n", IsControl: false);
    }
}
