using SelGen.Evaluation.Judge;

namespace SelGen.Cli.Commands;

/// <summary>The --judge-* options that name an LLM judge, shared by eval and score.</summary>
static class JudgeOptions
{
    public const string Help = """
          --judge-url URL         an OpenAI-compatible API root (requests go to URL/chat/completions), e.g.
                                  https://api.openai.com/v1 or a local vLLM server's http://127.0.0.1:8000/v1
          --judge-model NAME      the judge model (default: the model the question file names, e.g. gpt-4o-2024-08-06)
          --judge-key-env VAR     the NAME of the environment variable holding the API key (never the key itself)
          --judge-cache FILE      the judge cache (default: judge_cache.sqlite in the output folder); an answer
                                  already judged by the same model is never asked again
          --judge-concurrency N   requests in flight at once (default 8)
          --judge-retries N       retries after a 429, a 5xx, a network error or a time-out (default 6)
          --judge-timeout S       seconds one request may take (default 60)
        The judge follows the study's protocol: one token at temperature 0, the top 20 log-probabilities, integers
        0-100 weighted by probability, no score when their probability mass is under 0.25.
        """;

    /// <summary>
    /// The HTTP judge the options name, or null when --judge-url is absent. Relative cache paths are taken against
    /// <paramref name="folder"/>; <paramref name="defaultModel"/> fills in --judge-model when it is not given.
    /// </summary>
    public static JudgeSpec? Read(Arguments args, string folder, string? defaultModel = null)
    {
        var url = args.String("judge-url");
        var model = args.String("judge-model");
        var keyEnv = args.String("judge-key-env");
        var cache = args.String("judge-cache");
        int? concurrency = args.Int("judge-concurrency"), retries = args.Int("judge-retries");
        double? timeout = args.Double("judge-timeout");
        if (url is null)
        {
            if (model is not null || keyEnv is not null || cache is not null || concurrency is not null || retries is not null || timeout is not null)
                throw new UsageException("the --judge-* options need --judge-url, the API root of the judge");
            return null;
        }
        model ??= defaultModel ?? throw new UsageException("--judge-model is required (the question files name no single judge model)");
        var spec = new JudgeSpec
        {
            Kind = JudgeSpecKind.Http,
            BaseUrl = url,
            Model = model,
            ApiKeyEnv = keyEnv,
            Cache = cache is null ? Path.Combine(folder, "judge_cache.sqlite") : Path.GetFullPath(cache),
            MaxConcurrency = concurrency ?? 8,
            MaxRetries = retries ?? 6,
            RequestTimeoutSeconds = timeout ?? 60,
        };
        try
        {
            return spec.Validate("judge options");
        }
        catch (SelGenException e)
        {
            throw new UsageException(e.Message.Replace("field 'base_url'", "--judge-url").Replace("field 'model'", "--judge-model")
                .Replace("field 'api_key_env'", "--judge-key-env").Replace("field 'max_concurrency'", "--judge-concurrency")
                .Replace("field 'max_retries'", "--judge-retries").Replace("field 'request_timeout_seconds'", "--judge-timeout"));
        }
    }

    /// <summary>The one judge model all questions name, or null when they disagree or name none.</summary>
    public static string? NamedModel(IEnumerable<EvalQuestion> questions)
    {
        var names = questions.Select(q => q.Judge).Where(j => !string.IsNullOrWhiteSpace(j)).Distinct(StringComparer.Ordinal).ToList();
        return names.Count == 1 ? names[0] : null;
    }
}
