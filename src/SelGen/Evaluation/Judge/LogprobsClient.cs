using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace SelGen.Evaluation.Judge;

/// <summary>
/// Sends one judge prompt to a chat-completions endpoint and returns the first token's top log-probabilities,
/// with a concurrency limit, a per-attempt time-out, retries with jittered exponential back-off on 429, 5xx,
/// network errors and time-outs, and a one-time switch between max_completion_tokens and max_tokens when the
/// server rejects the one sent.
/// </summary>
/// <remarks>
/// Plain HttpClient and System.Text.Json rather than the OpenAI package: the judge needs the raw top_logprobs,
/// the exact name of the token-limit field (which that package fixes), and its own retry rules with statuses it
/// can see; the package's built-in retry pipeline would hide all three.
/// </remarks>
sealed class LogprobsClient : IDisposable
{
    readonly HttpJudgeOptions options;
    readonly HttpClient http;
    readonly SemaphoreSlim slots;
    readonly string where;
    // Kept only to scrub it from every message: a server (or a proxy) that echoes the request's headers must not
    // put the key into an exception, a log or a test report.
    readonly string? apiKey;
    // Shared by all requests so that, once one request has learnt the field the server wants, the rest send it.
    volatile int limitField;

    public LogprobsClient(HttpJudgeOptions options)
    {
        options.Validate();
        this.options = options;
        where = $"judge endpoint {options.CompletionsUri} (model {options.Model})";
        http = new HttpClient();
        http.Timeout = Timeout.InfiniteTimeSpan; // Each attempt has its own time-out; see SendOnceAsync.
        apiKey = ApiKey(options.ApiKeyVariable);
        if (apiKey is { } key)
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        slots = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
        limitField = (int)options.TokenLimitField;
    }

    /// <summary>The token-limit field the client currently sends (it changes after a fallback).</summary>
    public TokenLimitField CurrentLimitField => (TokenLimitField)limitField;

    public async Task<IReadOnlyList<TopLogprob>> TopLogprobsAsync(string prompt, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken);
        try
        {
            return await WithRetriesAsync(prompt, cancellationToken);
        }
        catch (JudgeServerException e) when (apiKey is not null && e.Message.Contains(apiKey, StringComparison.Ordinal))
        {
            // Every server text is scrubbed where it is read; this is the last guard, should one path have been missed.
            throw new JudgeServerException(Scrub(e.Message), e.Status);
        }
        finally
        {
            slots.Release();
        }
    }

    async Task<IReadOnlyList<TopLogprob>> WithRetriesAsync(string prompt, CancellationToken cancellationToken)
    {
        bool switched = false;
        for (int retry = 0; ; retry++)
        {
            var sent = CurrentLimitField;
            var outcome = await SendOnceAsync(prompt, sent, cancellationToken);
            if (outcome.Logprobs is { } logprobs) return logprobs;
            if (outcome.RejectedField && !switched)
            {
                // Not a retry: the request was wrong for this server, not unlucky. Switch to the other field of the
                // one sent (idempotent when concurrent requests learn the same thing) and try at once.
                switched = true;
                limitField = (int)Other(sent);
                retry--;
                continue;
            }
            if (outcome.RejectedField)
                throw new JudgeServerException($"{where} rejected both max_completion_tokens and max_tokens with 400: " +
                    $"{outcome.Problem}; the server must accept one of them", outcome.Status);
            if (!outcome.Transient) throw new JudgeServerException($"{where}: {outcome.Problem}", outcome.Status);
            if (retry >= options.MaxRetries)
                throw new JudgeServerException($"{where} failed {retry + 1} times; last: {outcome.Problem}. " +
                    $"Check that the server is up, or raise MaxRetries / RequestTimeout", outcome.Status);
            await Task.Delay(Backoff.Delay(retry, options.InitialBackoff, options.MaxBackoff, Random.Shared, outcome.RetryAfter), cancellationToken);
        }
    }

    /// <summary>What one attempt gave: the log-probabilities, or why not and whether trying again may help.</summary>
    readonly record struct Outcome(
        IReadOnlyList<TopLogprob>? Logprobs, bool Transient, bool RejectedField, string Problem,
        HttpStatusCode? Status = null, TimeSpan? RetryAfter = null);

    async Task<Outcome> SendOnceAsync(string prompt, TokenLimitField field, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(options.RequestTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, options.CompletionsUri)
            {
                Content = new StringContent(CompletionJson.Request(options.Model, prompt, field, options.Seed), Encoding.UTF8, "application/json"),
            };
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, attempt.Token);
            var body = Scrub(await response.Content.ReadAsStringAsync(attempt.Token));
            if (response.IsSuccessStatusCode) return new Outcome(CompletionJson.ParseTopLogprobs(body, where), false, false, "");
            return Failure(response, body, field);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Outcome(null, true, false, $"no complete answer within the time-out of {options.RequestTimeout.TotalSeconds:0.###} s");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return new Outcome(null, true, false, $"network error: {Scrub(e.Message)}");
        }
    }

    Outcome Failure(HttpResponseMessage response, string body, TokenLimitField field)
    {
        var status = response.StatusCode;
        var text = $"HTTP {(int)status} {Scrub(response.ReasonPhrase ?? "")}, body {CompletionJson.Snippet(body)}";
        bool transient = status == HttpStatusCode.TooManyRequests || (int)status >= 500;
        bool rejectedField = status == HttpStatusCode.BadRequest && body.Contains(CompletionJson.FieldName(field), StringComparison.Ordinal);
        var hint = status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => options.ApiKeyVariable is null
                ? "; the server wants an API key: set ApiKeyVariable to the name of the environment variable holding it"
                : $"; check the key in the environment variable {options.ApiKeyVariable}",
            HttpStatusCode.NotFound => $"; check BaseUrl (requests go to {{BaseUrl}}/chat/completions) and that the model '{options.Model}' exists there",
            _ => "",
        };
        return new Outcome(null, transient, rejectedField, text + hint, status, RetryAfter(response));
    }

    /// <summary>The text with the API key replaced, so that no message can carry it.</summary>
    string Scrub(string text) =>
        string.IsNullOrEmpty(apiKey) ? text : text.Replace(apiKey, "[API key removed]", StringComparison.Ordinal);

    static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => null,
    };

    static TokenLimitField Other(TokenLimitField field) =>
        field == TokenLimitField.MaxTokens ? TokenLimitField.MaxCompletionTokens : TokenLimitField.MaxTokens;

    static string? ApiKey(string? variable)
    {
        if (variable is null) return null;
        var key = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(key))
            throw new SelGenException($"judge option ApiKeyVariable names the environment variable {variable}, which is not set; " +
                "export it with the API key, or leave ApiKeyVariable empty for a server that needs no key");
        return key.Trim();
    }

    public void Dispose()
    {
        http.Dispose();
        slots.Dispose();
    }
}
