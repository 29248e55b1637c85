using System.Text.Json.Serialization;

namespace SelGen.Evaluation.Judge;

/// <summary>Which judge scores an evaluation's answers.</summary>
public enum JudgeSpecKind
{
    /// <summary>The world's own exact judge (generated worlds know the true score of every answer).</summary>
    Exact,

    /// <summary>An LLM behind an OpenAI-compatible chat-completions endpoint, with the study's protocol.</summary>
    Http,
}

/// <summary>
/// The judge as an experiment file (a setting's <c>"judge"</c> object) or the command line names it. Every field
/// has a default except, for an HTTP judge, the endpoint and the model. <see cref="Validate"/> names a bad field
/// and the fix, so a sweep with a bad judge fails when its file is loaded, not after training.
/// </summary>
public sealed record JudgeSpec
{
    /// <summary>"exact" (default) or "http".</summary>
    [JsonPropertyName("kind")] public JudgeSpecKind Kind { get; init; } = JudgeSpecKind.Exact;

    /// <summary>The API root; requests go to {base_url}/chat/completions (e.g. https://api.openai.com/v1, or a vLLM server's /v1).</summary>
    [JsonPropertyName("base_url")] public string? BaseUrl { get; init; }

    /// <summary>The judge model (published: gpt-4o-2024-08-06). Cached answers are keyed by it.</summary>
    [JsonPropertyName("model")] public string? Model { get; init; }

    /// <summary>The NAME of the environment variable holding the API key (never the key); null sends none.</summary>
    [JsonPropertyName("api_key_env")] public string? ApiKeyEnv { get; init; }

    [JsonPropertyName("max_concurrency")] public int MaxConcurrency { get; init; } = 8;

    [JsonPropertyName("max_retries")] public int MaxRetries { get; init; } = 6;

    [JsonPropertyName("request_timeout_seconds")] public double RequestTimeoutSeconds { get; init; } = 60;

    /// <summary>
    /// The judge cache (SQLite), relative to the folder the evaluation writes into (a sweep folder, or the
    /// answers file's folder when re-scoring); an answer already judged by the same model is never asked again.
    /// </summary>
    [JsonPropertyName("cache")] public string Cache { get; init; } = "judge_cache.sqlite";

    public static readonly JudgeSpec Exact = new();

    /// <param name="source">Where the spec came from, e.g. "setting.judge", for the messages.</param>
    public JudgeSpec Validate(string source)
    {
        if (Kind == JudgeSpecKind.Exact)
        {
            if (BaseUrl is not null || Model is not null || ApiKeyEnv is not null)
                throw new SelGenException($"{source}: base_url, model and api_key_env are for \"kind\": \"http\"; " +
                    "set kind to \"http\" to use an LLM judge, or remove them to use the world's exact judge");
            return this;
        }
        if (string.IsNullOrWhiteSpace(BaseUrl))
            throw new SelGenException($"{source}: field 'base_url' is missing; give the judge's API root, e.g. \"https://api.openai.com/v1\"");
        if (string.IsNullOrWhiteSpace(Model))
            throw new SelGenException($"{source}: field 'model' is missing; name the judge model, e.g. \"gpt-4o-2024-08-06\"");
        if (!(RequestTimeoutSeconds > 0 && double.IsFinite(RequestTimeoutSeconds)))
            throw new SelGenException($"{source}: field 'request_timeout_seconds' is {RequestTimeoutSeconds}; it must be a positive number of seconds");
        if (string.IsNullOrWhiteSpace(Cache))
            throw new SelGenException($"{source}: field 'cache' is empty; give a file name for the judge cache (default judge_cache.sqlite)");
        try
        {
            HttpOptions().Validate();
        }
        catch (SelGenException e)
        {
            // HttpJudgeOptions names its C# property; say the JSON field instead.
            throw new SelGenException($"{source}: {JsonNames(e.Message)}", e);
        }
        return this;
    }

    public HttpJudgeOptions HttpOptions() => new()
    {
        BaseUrl = BaseUrl ?? "",
        Model = Model ?? "",
        ApiKeyVariable = ApiKeyEnv,
        MaxConcurrency = MaxConcurrency,
        MaxRetries = MaxRetries,
        RequestTimeout = TimeSpan.FromSeconds(RequestTimeoutSeconds),
    };

    /// <summary>
    /// The HTTP judge this spec describes, caching in <see cref="Cache"/> under <paramref name="folder"/>; null for
    /// <see cref="JudgeSpecKind.Exact"/> (the world supplies that one). The API key variable must be set now.
    /// </summary>
    public OwnedJudge? CreateHttp(string folder)
    {
        if (Kind != JudgeSpecKind.Http) return null;
        var cache = new JudgeCache(Path.Combine(folder, Cache));
        try
        {
            return new OwnedJudge(new HttpJudge(HttpOptions(), cache), cache);
        }
        catch
        {
            cache.Dispose();
            throw;
        }
    }

    static string JsonNames(string message) => message
        .Replace("judge option BaseUrl", "field 'base_url'", StringComparison.Ordinal)
        .Replace("judge option Model", "field 'model'", StringComparison.Ordinal)
        .Replace("judge option ApiKeyVariable", "field 'api_key_env'", StringComparison.Ordinal)
        .Replace("judge option MaxConcurrency", "field 'max_concurrency'", StringComparison.Ordinal)
        .Replace("judge option MaxRetries", "field 'max_retries'", StringComparison.Ordinal)
        .Replace("judge option RequestTimeout", "field 'request_timeout_seconds'", StringComparison.Ordinal);
}

/// <summary>An HTTP judge with the cache it writes to; disposing it disposes both.</summary>
public sealed class OwnedJudge(HttpJudge judge, JudgeCache cache) : IDisposable
{
    public HttpJudge Judge => judge;
    public JudgeCache Cache => cache;

    public void Dispose()
    {
        judge.Dispose();
        cache.Dispose();
    }
}
