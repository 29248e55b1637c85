using System.Collections.Concurrent;

namespace SelGen.Evaluation.Judge;

/// <summary>
/// An LLM judge behind an OpenAI-compatible chat-completions endpoint: fills the question's judge prompt,
/// looks in the cache, else asks the endpoint for one token's top log-probabilities, stores them, and turns them
/// into a score with <see cref="JudgeScore.FromTopLogprobs"/>. Identical prompts in flight at once share one request.
/// </summary>
public sealed class HttpJudge : IJudge, IDisposable
{
    readonly HttpJudgeOptions options;
    readonly LogprobsClient client;
    readonly JudgeCache? cache;
    readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<TopLogprob>>>> inFlight = new(StringComparer.Ordinal);

    /// <param name="cache">Where answers persist across runs; not owned (several judges may share one).</param>
    public HttpJudge(HttpJudgeOptions options, JudgeCache? cache = null)
    {
        this.options = options;
        this.cache = cache;
        client = new LogprobsClient(options);
    }

    public string Name => $"{options.Model} via {options.BaseUrl}";

    /// <summary>The token-limit field now sent, after any fallback.</summary>
    public TokenLimitField CurrentLimitField => client.CurrentLimitField;

    public async Task<double?> ScoreAsync(JudgeQuery query, CancellationToken cancellationToken = default)
    {
        var prompt = JudgePromptTemplate.Fill(query.Question.JudgePrompts.For(query.Kind), query.Paraphrase, query.Answer);
        return JudgeScore.FromTopLogprobs(await TopLogprobsAsync(prompt, cancellationToken));
    }

    /// <summary>The judge's top first tokens for a filled prompt, from the cache when it has them.</summary>
    public async Task<IReadOnlyList<TopLogprob>> TopLogprobsAsync(string prompt, CancellationToken cancellationToken = default)
    {
        if (cache?.TryGet(options.Model, prompt) is { } cached) return cached;
        // The shared request runs under the first caller's token: were it cancelled, the others would see it fail.
        var shared = inFlight.GetOrAdd(prompt, p => new Lazy<Task<IReadOnlyList<TopLogprob>>>(() => FetchAndStoreAsync(p, cancellationToken)));
        try
        {
            return await shared.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<IReadOnlyList<TopLogprob>>>>(prompt, shared));
        }
    }

    async Task<IReadOnlyList<TopLogprob>> FetchAndStoreAsync(string prompt, CancellationToken cancellationToken)
    {
        // Asked again because an identical request may have finished (stored, then left inFlight) between this
        // caller's first look and its GetOrAdd.
        if (cache?.TryGet(options.Model, prompt) is { } cached) return cached;
        var top = await client.TopLogprobsAsync(prompt, cancellationToken);
        cache?.Put(options.Model, prompt, top);
        return top;
    }

    public void Dispose() => client.Dispose();
}
