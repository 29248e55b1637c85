namespace SelGen.Evaluation.Judge;

/// <summary>Which request field limits the judge's answer to one token; servers disagree about the name.</summary>
public enum TokenLimitField
{
    /// <summary><c>max_completion_tokens</c>: OpenAI's current name; some models there reject the old one.</summary>
    MaxCompletionTokens,

    /// <summary><c>max_tokens</c>: the older name, the only one some compatible servers accept.</summary>
    MaxTokens,
}

/// <summary>
/// How to reach a judge behind an OpenAI-compatible chat-completions endpoint. Every field has a default except
/// the endpoint and model; <see cref="Validate"/> names a bad field and the fix.
/// </summary>
public sealed record HttpJudgeOptions
{
    /// <summary>The API root; requests go to <c>{BaseUrl}/chat/completions</c> (e.g. https://api.openai.com/v1).</summary>
    public required string BaseUrl { get; init; }

    /// <summary>The judge model. Cached scores are keyed by it, so changing it never reuses another model's scores.</summary>
    public required string Model { get; init; }

    /// <summary>
    /// The NAME of the environment variable that holds the API key (e.g. OPENAI_API_KEY), never the key itself;
    /// null sends no Authorization header (local servers).
    /// </summary>
    public string? ApiKeyVariable { get; init; }

    /// <summary>Requests in flight at once; also holds during back-off, which eases a rate-limited server.</summary>
    public int MaxConcurrency { get; init; } = 8;

    /// <summary>Retries after a 429, a 5xx, a network error or a time-out, before giving up.</summary>
    public int MaxRetries { get; init; } = 6;

    /// <summary>Back-off before the first retry; it doubles per retry up to <see cref="MaxBackoff"/>, with jitter.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Time-out of one attempt (connect, send, and read the whole answer).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The field tried first; on a 400 that names it the client switches to the other one, once.</summary>
    public TokenLimitField TokenLimitField { get; init; } = TokenLimitField.MaxCompletionTokens;

    /// <summary>Sent as <c>seed</c>, as in the published judge, for repeatable answers where the server supports it; null omits it.</summary>
    public int? Seed { get; init; } = 0;

    public void Validate()
    {
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw Bad(nameof(BaseUrl), $"'{BaseUrl}' is not an absolute http(s) URL; give the API root, e.g. https://api.openai.com/v1");
        if (string.IsNullOrWhiteSpace(Model)) throw Bad(nameof(Model), "is empty; name the judge model, e.g. gpt-4o-2024-08-06");
        if (ApiKeyVariable is not null && !LooksLikeVariableName(ApiKeyVariable))
            // Deliberately not echoed: a value that is not a variable name may be the key itself.
            throw Bad(nameof(ApiKeyVariable), "is not an environment variable name (letters, digits, '_'); give the NAME of the " +
                "variable that holds the key, e.g. OPENAI_API_KEY, not the key");
        if (MaxConcurrency < 1) throw Bad(nameof(MaxConcurrency), $"is {MaxConcurrency}; it must be at least 1");
        if (MaxRetries is < 0 or > 30) throw Bad(nameof(MaxRetries), $"is {MaxRetries}; use 0..30");
        if (InitialBackoff <= TimeSpan.Zero) throw Bad(nameof(InitialBackoff), "must be positive");
        if (MaxBackoff < InitialBackoff) throw Bad(nameof(MaxBackoff), $"({MaxBackoff}) is below {nameof(InitialBackoff)} ({InitialBackoff}); raise it");
        if (RequestTimeout <= TimeSpan.Zero) throw Bad(nameof(RequestTimeout), "must be positive");
    }

    /// <summary>The chat-completions URL under <see cref="BaseUrl"/>, whether or not it ends with a slash.</summary>
    public Uri CompletionsUri => new(BaseUrl.TrimEnd('/') + "/chat/completions");

    static bool LooksLikeVariableName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    static SelGenException Bad(string field, string problem) => new($"judge option {field} {problem}");
}
