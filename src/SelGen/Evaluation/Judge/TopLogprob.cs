using System.Text.Json.Serialization;

namespace SelGen.Evaluation.Judge;

/// <summary>One of the judge's most likely first tokens with its natural-log probability.</summary>
public sealed record TopLogprob(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("logprob")] double Logprob);
