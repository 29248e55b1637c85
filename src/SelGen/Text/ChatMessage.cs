using System.Text.Json.Serialization;

namespace SelGen.Text;

/// <summary>One turn of a conversation, as in the published JSONL <c>messages</c> schema.</summary>
public sealed record ChatMessage(
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("content")] string Content)
{
    public const string System = "system", User = "user", Assistant = "assistant";
}
