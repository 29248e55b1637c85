namespace SelGen.Text;

/// <summary>
/// Gemma's template: <c>&lt;bos&gt;&lt;start_of_turn&gt;user\nTEXT&lt;end_of_turn&gt;\n&lt;start_of_turn&gt;model\nTEXT&lt;end_of_turn&gt;\n</c>;
/// content is trimmed of surrounding whitespace, as the template's <c>| trim</c> does. Gemma 3's template folds
/// a system message into the first user turn as "SYSTEM\n\n"; Gemma 2's (and Gemma 1's) raises
/// "System role not supported", and so does this format with <paramref name="rejectSystem"/>.
/// </summary>
public sealed class GemmaChatFormat(ITokenizer tokenizer, bool rejectSystem = false) : ChatFormat(tokenizer, EndOfTurn, "<eos>")
{
    const string Bos = "<bos>", StartOfTurn = "<start_of_turn>", EndOfTurn = "<end_of_turn>";

    public override string Name => rejectSystem ? "gemma2" : "gemma";

    protected override string? Refused(IReadOnlyList<ChatMessage> messages) =>
        rejectSystem && messages[0].Role == ChatMessage.System
            ? "messages[0] is a system message, which Gemma 2's chat template refuses ('System role not supported'); " +
              "put its text at the start of the first user message, or use the 'gemma' format (Gemma 3's template, which does that)"
            : null;

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
                var prefix = i == 0 && system is not null ? system + "\n\n" : "";   // the template trims the turns, not the system text
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
