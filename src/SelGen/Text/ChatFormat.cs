namespace SelGen.Text;

/// <summary>
/// Shared machinery: a format lists segments (control tokens, prompt text, reply text); control tokens
/// map to one id each, text is encoded segment by segment. Encoding the reply separately from the text
/// before it keeps the generation prompt an exact token prefix of the training sequence.
/// </summary>
public abstract class ChatFormat : IChatFormat
{
    /// <summary>One piece of a rendering. <paramref name="IsReply"/> marks assistant reply tokens (content and end of turn).</summary>
    protected readonly record struct Segment(string Text, bool IsControl, bool IsReply = false);

    protected ChatFormat(ITokenizer tokenizer, string endOfTurn, params string[] otherStops)
    {
        Tokenizer = tokenizer;
        EndOfTurnId = ControlId(endOfTurn);
        StopTokenIds = [EndOfTurnId, .. otherStops.Select(s => tokenizer.TokenToId(s)).OfType<int>()];
    }

    public abstract string Name { get; }
    public ITokenizer Tokenizer { get; }
    public int EndOfTurnId { get; }
    public IReadOnlyList<int> StopTokenIds { get; }

    /// <summary>The segments of a conversation, with the assistant opening appended when <paramref name="generationPrompt"/>.</summary>
    protected abstract IEnumerable<Segment> Segments(IReadOnlyList<ChatMessage> messages, bool generationPrompt);

    /// <summary>What the model's own template refuses in this conversation (e.g. a system turn), naming the message; null if nothing.</summary>
    protected virtual string? Refused(IReadOnlyList<ChatMessage> messages) => null;

    /// <summary>Strings no message may contain: they would be read as control tokens or change the layout.</summary>
    protected virtual IEnumerable<string> Reserved => Tokenizer.SpecialTokens.Keys;

    protected int ControlId(string token) => Tokenizer.SpecialTokens.TryGetValue(token, out var id) ? id
        : Tokenizer.TokenToId(token) ?? throw new SelGenException($"the {GetType().Name} chat format needs the token '{token}', which this tokenizer does not have; choose the format that matches the tokenizer");

    public RenderedChat Render(IReadOnlyList<ChatMessage> messages, TrainOn trainOn = TrainOn.Assistant, string source = "conversation")
    {
        Check(messages, Conversation.Ending.Assistant, source);
        List<int> ids = [];
        List<bool> trained = [];
        foreach (var segment in Segments(messages, generationPrompt: false))
        {
            var segmentIds = Encode(segment);
            ids.AddRange(segmentIds);
            trained.AddRange(Enumerable.Repeat(trainOn == TrainOn.All || segment.IsReply, segmentIds.Length));
        }
        return new RenderedChat(ids.ToArray(), trained.ToArray());
    }

    public int[] GenerationPrompt(IReadOnlyList<ChatMessage> messages, string source = "conversation")
    {
        Check(messages, Conversation.Ending.User, source);
        return Segments(messages, generationPrompt: true).SelectMany(Encode).ToArray();
    }

    public string RenderText(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        Check(messages, addGenerationPrompt ? Conversation.Ending.User : Conversation.Ending.Assistant, "conversation");
        return string.Concat(Segments(messages, addGenerationPrompt).Select(s => s.Text));
    }

    int[] Encode(Segment segment) => segment.IsControl ? [ControlId(segment.Text)] : Tokenizer.Encode(segment.Text);

    void Check(IReadOnlyList<ChatMessage> messages, Conversation.Ending ending, string source)
    {
        Conversation.Validate(messages, ending, source);
        if (Refused(messages) is { } refused) throw new SelGenException($"{source}: {refused}");
        var reserved = Reserved.ToList();
        for (int i = 0; i < messages.Count; i++)
            foreach (var r in reserved)
                if (messages[i].Content.Contains(r, StringComparison.Ordinal))
                    throw new SelGenException($"{source}: messages[{i}] contains '{r}', a control string of the {Name} chat format; remove it from the text");
    }

    /// <summary>The optional system message and the turns after it.</summary>
    protected static (string? System, IReadOnlyList<ChatMessage> Turns) SplitSystem(IReadOnlyList<ChatMessage> messages) =>
        messages[0].Role == ChatMessage.System ? (messages[0].Content, messages.Skip(1).ToList()) : (null, messages);
}
