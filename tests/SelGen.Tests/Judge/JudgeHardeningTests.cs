using System.Text.Json.Nodes;
using SelGen.Evaluation.Judge;
using static SelGen.Tests.Judge.JudgeTestData;

namespace SelGen.Tests.Judge;

/// <summary>Answers no real judge gives, and servers that echo what they were sent.</summary>
public class JudgeHardeningTests
{
    /// <summary>A 200 completion whose top log-probabilities are the given raw (token, logprob) pairs.</summary>
    static Reply RawLogprobs(params (string Token, double Logprob)[] top)
    {
        var reply = Reply.Logprobs(top.Select(t => (t.Token, 0.5)).ToArray());
        var body = JsonNode.Parse(reply.Body)!;
        var list = body["choices"]![0]!["logprobs"]!["content"]![0]!["top_logprobs"]!.AsArray();
        for (int i = 0; i < top.Length; i++) list[i]!["logprob"] = top[i].Logprob;
        return reply with { Body = body.ToJsonString() };
    }

    [Theory]
    [InlineData(1000.0)]
    [InlineData(0.5)]
    public async Task A_positive_log_probability_is_an_error_not_a_score(double logprob)
    {
        using var server = CannedChatServer.Sequence(RawLogprobs(("80", logprob)));
        using var judge = new HttpJudge(Options(server));

        var e = await Assert.ThrowsAsync<JudgeServerException>(() => judge.ScoreAsync(Query("x")));

        Assert.Contains("logprob", e.Message);
        Assert.Contains("at most 0", e.Message);
        Assert.Equal(1, server.Count);   // a server that sends this once sends it again: not retried
    }

    [Fact]
    public async Task A_log_probability_a_hair_above_zero_is_read_as_certainty()
    {
        using var server = CannedChatServer.Sequence(RawLogprobs(("80", 1e-7)));
        using var judge = new HttpJudge(Options(server));

        Assert.Equal(80, await judge.ScoreAsync(Query("x")));
    }

    [Fact]
    public async Task Top_tokens_whose_probabilities_sum_past_one_are_an_error()
    {
        using var server = CannedChatServer.Sequence(RawLogprobs(("80", Math.Log(0.7)), ("90", Math.Log(0.6))));
        using var judge = new HttpJudge(Options(server));

        var e = await Assert.ThrowsAsync<JudgeServerException>(() => judge.ScoreAsync(Query("x")));

        Assert.Contains("sum to 1.3", e.Message);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(200)]
    public async Task A_server_echoing_the_authorization_header_never_puts_the_key_in_a_message(int status)
    {
        var variable = $"SELGEN_TEST_KEY_{Guid.NewGuid():N}";
        const string key = "sk-echoed-secret-0123456789";
        Environment.SetEnvironmentVariable(variable, key);
        // The reply quotes the header it received: as an error (400), or as a 200 body that is not a completion.
        using var server = new CannedChatServer(r => new Reply(status, $"{{\"error\": \"bad request, you sent Authorization: {r.Authorization}\"}}"));
        using var judge = new HttpJudge(Options(server) with { ApiKeyVariable = variable });

        var e = await Assert.ThrowsAsync<JudgeServerException>(() => judge.ScoreAsync(Query("x")));

        Assert.Equal($"Bearer {key}", server.Requests.Single().Authorization);   // the key was sent
        Assert.DoesNotContain(key, e.ToString());
        Assert.Contains("[API key removed]", e.Message);
    }

    [Fact]
    public async Task A_rate_limit_with_retry_after_waits_as_long_as_the_server_asks()
    {
        var limited = Reply.Error(429, "slow down") with { Headers = new Dictionary<string, string> { ["Retry-After"] = "1" } };
        using var server = CannedChatServer.Sequence(limited, Reply.Logprobs(("80", 1.0)));
        // Back-off alone would wait at most 20 ms; the server asked for a second.
        using var judge = new HttpJudge(Options(server) with { MaxBackoff = TimeSpan.FromSeconds(5) });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        Assert.Equal(80, await judge.ScoreAsync(Query("x")));

        Assert.Equal(2, server.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.95), $"retried after {clock.ElapsedMilliseconds} ms, before the server's Retry-After of 1 s");
    }

    [Fact]
    public void Backoff_honours_retry_after_only_up_to_the_maximum()
    {
        var delay = Backoff.Delay(0, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(2), new Random(1), TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.FromSeconds(2), delay);
    }

    [Fact]
    public void A_judge_spec_names_the_json_field_and_the_fix()
    {
        Assert.Contains("field 'base_url' is missing", Assert.Throws<SelGenException>(() =>
            new JudgeSpec { Kind = JudgeSpecKind.Http, Model = "m" }.Validate("setting.judge")).Message);
        Assert.Contains("field 'model' is missing", Assert.Throws<SelGenException>(() =>
            new JudgeSpec { Kind = JudgeSpecKind.Http, BaseUrl = "http://127.0.0.1:9/v1" }.Validate("setting.judge")).Message);
        Assert.Contains("field 'max_concurrency'", Assert.Throws<SelGenException>(() =>
            new JudgeSpec { Kind = JudgeSpecKind.Http, BaseUrl = "http://127.0.0.1:9/v1", Model = "m", MaxConcurrency = 0 }.Validate("setting.judge")).Message);
        Assert.Contains("set kind to \"http\"", Assert.Throws<SelGenException>(() =>
            new JudgeSpec { BaseUrl = "http://127.0.0.1:9/v1" }.Validate("setting.judge")).Message);
        var keyAsName = Assert.Throws<SelGenException>(() =>
            new JudgeSpec { Kind = JudgeSpecKind.Http, BaseUrl = "http://127.0.0.1:9/v1", Model = "m", ApiKeyEnv = "sk-abc.def" }.Validate("setting.judge"));
        Assert.Contains("field 'api_key_env'", keyAsName.Message);
        Assert.DoesNotContain("sk-abc.def", keyAsName.Message);
    }
}
