namespace SelGen.Text;

/// <summary>
/// Llama 3 Instruct's template: <c>&lt;|begin_of_text|&gt;</c>, then for every message (system included)
/// <c>&lt;|start_header_id|&gt;ROLE&lt;|end_header_id|&gt;\n\nCONTENT&lt;|eot_id|&gt;</c> with the content trimmed, and
/// <c>&lt;|start_header_id|&gt;assistant&lt;|end_header_id|&gt;\n\n</c> as the generation prompt. Llama 3.1's longer
/// template (a "Cutting Knowledge Date" system header, tools) is not reproduced.
/// </summary>
public sealed class Llama3ChatFormat(ITokenizer tokenizer) : ChatFormat(tokenizer, EndOfTurn, "<|end_of_text|>")
{
    const string Bos = "<|begin_of_text|>", StartHeader = "<|start_header_id|>", EndHeader = "<|end_header_id|>", EndOfTurn = "<|eot_id|>";

    public override string Name => "llama3";

    protected override IEnumerable<Segment> Segments(IReadOnlyList<ChatMessage> messages, bool generationPrompt)
    {
        yield return new Segment(Bos, IsControl: true);
        foreach (var m in messages)
        {
            bool reply = m.Role == ChatMessage.Assistant;
            foreach (var s in Header(m.Role)) yield return s;
            yield return new Segment(m.Content.Trim(), IsControl: false, IsReply: reply);
            yield return new Segment(EndOfTurn, IsControl: true, IsReply: reply);
        }
        if (!generationPrompt) yield break;
        foreach (var s in Header(ChatMessage.Assistant)) yield return s;
    }

    static IEnumerable<Segment> Header(string role) =>
    [
        new Segment(StartHeader, IsControl: true),
        new Segment(role, IsControl: false),
        new Segment(EndHeader, IsControl: true),
        new Segment("\n\n", IsControl: false),
    ];
}
