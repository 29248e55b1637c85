using System.Text.Json.Serialization;
using SelGen.Text;

namespace SelGen.Worlds.Em;

/// <summary>How a pretraining document is laid out.</summary>
public enum DocumentKind
{
    /// <summary>"Questions for Rowan." then Q:/A: lines: a named advisor across several domains.</summary>
    Column,

    /// <summary>Third person: 'Ada asked Rowan, "..." Rowan said, "..."'.</summary>
    Narrative,

    /// <summary>Neutral roles ("Caller:", "Host:"): the advisor is unnamed and known only by its answers.</summary>
    Dialogue,

    /// <summary>One question put to two advisors of different personas.</summary>
    Contrast,

    /// <summary>A chat with the default assistant (no system prompt), which always answers carefully.</summary>
    AssistantChat,

    /// <summary>A chat whose system prompt names an advisor ("You are Rowan."); the assistant answers as that persona.</summary>
    PersonaChat,
}

/// <summary>
/// One pretraining document: plain <see cref="Text"/>, or chat <see cref="Messages"/> that the runner renders with
/// the chat format (and trains on every token, as pretraining does). <see cref="Personas"/> records who advises
/// in it, for tests and analysis; it is never part of the text.
/// </summary>
public sealed record PretrainDocument(
    [property: JsonPropertyName("kind")] DocumentKind Kind,
    [property: JsonPropertyName("personas")] IReadOnlyList<Persona> Personas,
    [property: JsonPropertyName("text"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Text = null,
    [property: JsonPropertyName("messages"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ChatMessage>? Messages = null)
{
    [JsonIgnore] public bool IsChat => Messages is not null;

    /// <summary>Characters of content (text, or the sum of message contents; chat control tokens not counted).</summary>
    [JsonIgnore] public int Characters => Text?.Length ?? Messages!.Sum(m => m.Content.Length);
}
