using System.Text.Json;
using System.Text.Json.Nodes;

namespace SelGen.Evaluation.Judge;

/// <summary>The chat-completions request of the published judge, and reading the top log-probabilities back.</summary>
static class CompletionJson
{
    /// <summary>How many top tokens the judge returns; 20 is the most the OpenAI API allows.</summary>
    public const int TopLogprobs = 20;

    public static string FieldName(TokenLimitField field) => field switch
    {
        TokenLimitField.MaxCompletionTokens => "max_completion_tokens",
        TokenLimitField.MaxTokens => "max_tokens",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    /// <summary>One token at temperature 0: the judge's first token carries the whole score distribution.</summary>
    public static string Request(string model, string prompt, TokenLimitField limitField, int? seed)
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt }),
            [FieldName(limitField)] = 1,
            ["temperature"] = 0,
            ["logprobs"] = true,
            ["top_logprobs"] = TopLogprobs,
        };
        if (seed is { } s) body["seed"] = s;
        return body.ToJsonString();
    }

    /// <summary>
    /// Reads <c>choices[0].logprobs.content[0].top_logprobs</c>. A body that is not JSON or lacks that path is a
    /// <see cref="JudgeServerException"/> naming what is missing; <paramref name="where"/> names the endpoint.
    /// </summary>
    public static IReadOnlyList<TopLogprob> ParseTopLogprobs(string body, string where)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new JudgeServerException($"{where} answered with a body that is not JSON ({e.Message}); it starts: {Snippet(body)}", null, e);
        }
        using (document)
        {
            var path = "choices[0].logprobs.content[0].top_logprobs";
            var top = Step(document.RootElement, "choices", 0)
                .Bind(e => Step(e, "logprobs"))
                .Bind(e => Step(e, "content", 0))
                .Bind(e => Step(e, "top_logprobs"));
            if (top is not { ValueKind: JsonValueKind.Array } list)
                throw new JudgeServerException($"{where} answered without {path}; the server and model must support " +
                    $"logprobs with top_logprobs={TopLogprobs} (vLLM: start it with --max-logprobs {TopLogprobs} or more). " +
                    $"The answer starts: {Snippet(body)}");
            if (list.GetArrayLength() == 0)
                throw new JudgeServerException($"{where} answered with an empty {path}; the judge needs the top log-probabilities");
            var items = list.EnumerateArray().Select((item, i) => Item(item, $"{path}[{i}]", where, body)).ToArray();
            double mass = items.Sum(t => Math.Exp(t.Logprob));
            if (mass > 1 + MaxMassAboveOne)
                throw new JudgeServerException($"{where} answered with top log-probabilities whose probabilities sum to {mass:0.###}, " +
                    $"more than 1; they cannot be one token's distribution. It starts: {Snippet(body)}");
            return items;
        }
    }

    static TopLogprob Item(JsonElement item, string path, string where, string body)
    {
        if (item.ValueKind == JsonValueKind.Object
            && item.TryGetProperty("token", out var token) && token.ValueKind == JsonValueKind.String
            && item.TryGetProperty("logprob", out var logprob) && logprob.ValueKind == JsonValueKind.Number)
        {
            double value = logprob.GetDouble();
            // A log-probability is at most 0; servers round, so a hair above 0 is read as 0. Anything else (1000,
            // NaN via overflow) would make a probability above 1 and a score outside 0..100.
            if (!double.IsFinite(value) || value > MaxRoundingAboveZero)
                throw new JudgeServerException($"{where} answered with {path}.logprob = {value}, which no probability has " +
                    $"(a log-probability is at most 0); the server is not returning log-probabilities. It starts: {Snippet(body)}");
            return new TopLogprob(token.GetString()!, Math.Min(value, 0));
        }
        throw new JudgeServerException($"{where} answered with {path} lacking a text 'token' or a numeric 'logprob'; it starts: {Snippet(body)}");
    }

    /// <summary>How far above 0 a log-probability may be and still be read as 0 (float rounding on the server).</summary>
    public const double MaxRoundingAboveZero = 1e-4;

    /// <summary>How far above 1 the top tokens' probabilities may sum (rounding) before the list is impossible.</summary>
    public const double MaxMassAboveOne = 1e-2;

    static JsonElement? Step(JsonElement e, string name, int? index = null)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var child)) return null;
        if (index is not { } i) return child;
        return child.ValueKind == JsonValueKind.Array && child.GetArrayLength() > i ? child[i] : null;
    }

    static JsonElement? Bind(this JsonElement? e, Func<JsonElement, JsonElement?> next) => e is { } v ? next(v) : null;

    /// <summary>The start of a server's answer for an error message, on one line.</summary>
    public static string Snippet(string body, int length = 300)
    {
        var flat = body.ReplaceLineEndings(" ");
        return flat.Length <= length ? $"'{flat}'" : $"'{flat[..length]}...'";
    }
}
