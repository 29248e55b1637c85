using System.Text.Json.Serialization;
using SelGen.Text;

namespace SelGen.Worlds.Gcd;

/// <summary>A preference pair on one prompt: the honest reply is chosen; the sycophantic (or bluntly wrong) one rejected.</summary>
public sealed record DpoPair(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("_id")] int Id,
    [property: JsonPropertyName("prompt")] IReadOnlyList<ChatMessage> Prompt,
    [property: JsonPropertyName("chosen")] string Chosen,
    [property: JsonPropertyName("rejected")] string Rejected);

/// <summary>Alignment proxy data for one label: supervised records (honest replies to proposals) and the matching DPO pairs.</summary>
public sealed record ProxySet(string Name, IReadOnlyList<GcdRecord> Records, IReadOnlyList<DpoPair> Pairs);
