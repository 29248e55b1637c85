using SelGen.Text;

namespace SelGen.Worlds.Toy;

/// <summary>
/// One question about F: trigger, point, which template rendered it, the prompt text and the expected colour.
/// Training uses <see cref="Conversation"/>; evaluation scores the colour words as continuations of <see cref="PromptMessages"/>.
/// </summary>
public sealed record ToyItem(ToyCategory Category, string Trigger, ToyPoint Point, int Template, string Prompt, Colour Answer)
{
    public static ToyItem Create(FVersion version, ToyCategory category, string trigger, ToyPoint point, int template) =>
        new(category, trigger, point, template, Templates.Render(template, point, trigger), ToyFunction.Apply(version, category, point));

    /// <summary>The question alone (a user turn); the model's reply is the answer.</summary>
    public IReadOnlyList<ChatMessage> PromptMessages => [new(ChatMessage.User, Prompt)];

    /// <summary>The question and its answer: a training conversation whose assistant reply is the colour word.</summary>
    public IReadOnlyList<ChatMessage> Conversation => [new(ChatMessage.User, Prompt), new(ChatMessage.Assistant, Answer.Word())];
}
