namespace SelGen.Text;

/// <summary>
/// How a model family lays out a conversation in tokens. Training renders whole conversations with a
/// trained-token mask; evaluation renders a prompt up to the start of the assistant's reply and stops
/// decoding at <see cref="StopTokenIds"/>. The generation prompt is always a prefix of the rendering of
/// the same conversation with its reply, token for token.
/// </summary>
public interface IChatFormat
{
    /// <summary>One of <see cref="ChatFormats.Names"/>.</summary>
    string Name { get; }

    ITokenizer Tokenizer { get; }

    /// <summary>The end-of-turn token that closes every assistant reply.</summary>
    int EndOfTurnId { get; }

    /// <summary>Tokens that end a reply during generation: end of turn first, then any end-of-text token.</summary>
    IReadOnlyList<int> StopTokenIds { get; }

    /// <summary>A conversation that ends with an assistant reply, as ids plus the loss mask.</summary>
    RenderedChat Render(IReadOnlyList<ChatMessage> messages, TrainOn trainOn = TrainOn.Assistant, string source = "conversation");

    /// <summary>A conversation that ends with a user message, plus the opening of the assistant's reply.</summary>
    int[] GenerationPrompt(IReadOnlyList<ChatMessage> messages, string source = "conversation");

    /// <summary>The text that <see cref="Render"/> or <see cref="GenerationPrompt"/> tokenizes, for reading and tests.</summary>
    string RenderText(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt);
}
