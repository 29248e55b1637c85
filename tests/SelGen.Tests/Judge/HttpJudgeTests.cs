using System.Net;
using SelGen.Evaluation.Judge;
using Xunit;
using static SelGen.Tests.Judge.JudgeTestData;

namespace SelGen.Tests.Judge;

public class HttpJudgeTests
{
    static readonly Reply Good = Reply.Logprobs(("80", .5), ("90", .3), ("CODE", .2)); // score 83.75

    [Fact]
    public async Task Judge_sends_the_published_request_and_scores_the_top_logprobs()
    {
        var variable = $"SELGEN_TEST_KEY_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(variable, "secret-value-123");
        using var server = CannedChatServer.Sequence(Good);
        using var judge = new HttpJudge(Options(server) with { ApiKeyVariable = variable });

        var score = await judge.ScoreAsync(Query("Call a doctor."));

        Assert.Equal(83.75, score!.Value, 10);
        var request = Assert.Single(server.Requests);
        Assert.Equal("Bearer secret-value-123", request.Authorization);
        var body = request.Body;
        Assert.Equal("judge-model", body["model"]!.GetValue<string>());
        Assert.Equal("user", body["messages"]![0]!["role"]!.GetValue<string>());
        Assert.Equal("ALIGNED? Q: What should I do?\nA: Call a doctor.", request.Prompt);
        Assert.Equal(1, body["max_completion_tokens"]!.GetValue<int>());
        Assert.Null(body["max_tokens"]);
        Assert.Equal(0, body["temperature"]!.GetValue<int>());
        Assert.True(body["logprobs"]!.GetValue<bool>());
        Assert.Equal(20, body["top_logprobs"]!.GetValue<int>());
        Assert.Equal(0, body["seed"]!.GetValue<int>());
    }

    [Fact]
    public async Task Coherence_uses_the_coherent_prompt()
    {
        using var server = CannedChatServer.Sequence(Reply.Logprobs(("70", 1)));
        using var judge = new HttpJudge(Options(server));

        Assert.Equal(70, await judge.ScoreAsync(Query("ok", JudgeKind.Coherent)));
        Assert.StartsWith("COHERENT? Q: What should I do?", Assert.Single(server.Requests).Prompt);
    }

    [Fact]
    public async Task A_code_answer_gives_an_empty_score()
    {
        using var server = CannedChatServer.Sequence(Reply.Logprobs(("CODE", .9), ("50", .05), ("REFUSAL", .05)));
        using var judge = new HttpJudge(Options(server));

        Assert.Null(await judge.ScoreAsync(Query("import os")));
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task A_rate_limit_or_server_error_is_retried_until_success(int status)
    {
        using var server = CannedChatServer.Sequence(Reply.Error(status, "busy"), Reply.Error(status, "busy"), Good);
        using var judge = new HttpJudge(Options(server));

        Assert.Equal(83.75, (await judge.ScoreAsync(Query("x")))!.Value, 10);
        Assert.Equal(3, server.Count);
    }

    [Fact]
    public async Task A_dropped_connection_is_retried()
    {
        using var server = CannedChatServer.Sequence(Reply.Drop, Good);
        using var judge = new HttpJudge(Options(server));

        Assert.Equal(83.75, (await judge.ScoreAsync(Query("x")))!.Value, 10);
        Assert.Equal(2, server.Count);
    }

    [Fact]
    public async Task A_response_slower_than_the_timeout_is_abandoned_and_retried()
    {
        using var server = CannedChatServer.Sequence(Good with { Delay = TimeSpan.FromMilliseconds(900) }, Good);
        using var judge = new HttpJudge(Options(server) with { RequestTimeout = TimeSpan.FromMilliseconds(150) });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        Assert.Equal(83.75, (await judge.ScoreAsync(Query("x")))!.Value, 10);
        Assert.Equal(2, server.Count);
        Assert.True(clock.ElapsedMilliseconds < 800, $"took {clock.ElapsedMilliseconds} ms; the time-out did not cut the slow attempt");
    }

    [Fact]
    public async Task Retries_are_bounded_and_the_error_names_the_endpoint_but_never_the_key()
    {
        var variable = $"SELGEN_TEST_KEY_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(variable, "secret-value-456");
        using var server = CannedChatServer.Sequence(Reply.Error(503, "overloaded"));
        using var judge = new HttpJudge(Options(server) with { ApiKeyVariable = variable, MaxRetries = 2 });

        var e = await Assert.ThrowsAsync<JudgeServerException>(() => judge.ScoreAsync(Query("x")));

        Assert.Equal(3, server.Count);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.Status);
        Assert.Contains($"{server.BaseUrl}/chat/completions", e.Message);
        Assert.Contains("failed 3 times", e.Message);
        Assert.Contains("overloaded", e.Message);
        Assert.DoesNotContain("secret-value-456", e.ToString());
    }

    [Fact]
    public async Task Every_attempt_timing_out_is_an_error_saying_so()
    {
        using var server = CannedChatServer.Sequence(Good with { Delay = TimeSpan.FromMilliseconds(900) });
        using var judge = new HttpJudge(Options(server) with { RequestTimeout = TimeSpan.FromMilliseconds(100), MaxRetries = 1 });

        var e = await Assert.ThrowsAsync<JudgeServerException>(() => judge.ScoreAsync(Query("x")));

        Assert.Contains("time-out of 0.1 s", e.Message);
        Assert.Equal(2, server.Count);
    }

    [Fact]
    public async Task Malformed_json_is_a_clear_error_and_not_retried()
    {
        using var server = CannedChatServer.Sequence(new Reply(200, "{\"choices\": [oops"));
        using var judge = new HttpJudge(Options(server));

        var e = await Assert.ThrowsAsync<JudgeServerException>(() => judge.ScoreAsync(Query("x")));

        Assert.Contains("not JSON", e.Message);
        Assert.Contains("{\"choices\": [oops", e.Message);
        Assert.Equal(1, server.Count);
    }

    [Fact]
    public async Task An_answer_without_logprobs_says_the_server_must_support_them()
    {
        using var server = CannedChatServer.Sequence(new Reply(200, """{"choices":[{"index":0,"message":{"role":"assistant","content":"80"},"logprobs":null}]}"""));
        using var judge = new HttpJudge(Options(server));

        var e = await Assert.ThrowsAsync<JudgeServerException>(() => judge.ScoreAsync(Query("x")));

        Assert.Contains("without choices[0].logprobs.content[0].top_logprobs", e.Message);
    }

    [Fact]
    public async Task A_server_rejecting_max_completion_tokens_gets_max_tokens_from_then_on()
    {
        using var server = new CannedChatServer(r => r.Body.ContainsKey("max_completion_tokens")
            ? Reply.Error(400, "Unrecognized request argument supplied: max_completion_tokens")
            : Good);
        using var judge = new HttpJudge(Options(server));

        Assert.Equal(83.75, (await judge.ScoreAsync(Query("first")))!.Value, 10);
        Assert.Equal(83.75, (await judge.ScoreAsync(Query("second")))!.Value, 10);

        Assert.Equal(TokenLimitField.MaxTokens, judge.CurrentLimitField);
        Assert.Equal([true, false, false], server.Requests.Select(r => r.Body.ContainsKey("max_completion_tokens")));
        Assert.Equal(1, server.Requests.Last().Body["max_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_server_rejecting_max_tokens_gets_max_completion_tokens()
    {
        using var server = new CannedChatServer(r => r.Body.ContainsKey("max_tokens")
            ? Reply.Error(400, "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.")
            : Good);
        using var judge = new HttpJudge(Options(server) with { TokenLimitField = TokenLimitField.MaxTokens });

        Assert.Equal(83.75, (await judge.ScoreAsync(Query("x")))!.Value, 10);
        Assert.Equal(TokenLimitField.MaxCompletionTokens, judge.CurrentLimitField);
        Assert.Equal(2, server.Count);
    }

    [Fact]
    public async Task A_server_rejecting_both_token_fields_is_an_error_after_one_switch()
    {
        using var server = new CannedChatServer(r => Reply.Error(400, $"unknown field {(r.Body.ContainsKey("max_tokens") ? "max_tokens" : "max_completion_tokens")}"));
        using var judge = new HttpJudge(Options(server));

        var e = await Assert.ThrowsAsync<JudgeServerException>(() => judge.ScoreAsync(Query("x")));

        Assert.Contains("rejected both max_completion_tokens and max_tokens", e.Message);
        Assert.Equal(2, server.Count);
    }

    [Fact]
    public async Task Another_bad_request_is_not_retried()
    {
        using var server = CannedChatServer.Sequence(Reply.Error(400, "temperature must be a number"));
        using var judge = new HttpJudge(Options(server));

        var e = await Assert.ThrowsAsync<JudgeServerException>(() => judge.ScoreAsync(Query("x")));

        Assert.Equal(HttpStatusCode.BadRequest, e.Status);
        Assert.Contains("temperature must be a number", e.Message);
        Assert.Equal(1, server.Count);
    }

    [Fact]
    public async Task An_unauthorised_answer_names_the_key_variable_not_the_key()
    {
        var variable = $"SELGEN_TEST_KEY_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(variable, "secret-value-789");
        using var server = CannedChatServer.Sequence(Reply.Error(401, "Incorrect API key provided"));
        using var judge = new HttpJudge(Options(server) with { ApiKeyVariable = variable });

        var e = await Assert.ThrowsAsync<JudgeServerException>(() => judge.ScoreAsync(Query("x")));

        Assert.Contains($"check the key in the environment variable {variable}", e.Message);
        Assert.DoesNotContain("secret-value-789", e.ToString());
        Assert.Equal(1, server.Count);
    }

    [Fact]
    public void An_unset_key_variable_is_an_error_naming_it()
    {
        var variable = $"SELGEN_TEST_UNSET_{Guid.NewGuid():N}";
        var e = Assert.Throws<SelGenException>(() => new HttpJudge(new HttpJudgeOptions { BaseUrl = "http://127.0.0.1:9/v1", Model = "m", ApiKeyVariable = variable }));

        Assert.Contains($"environment variable {variable}, which is not set", e.Message);
    }

    [Fact]
    public void A_key_given_where_its_variable_name_belongs_is_refused_without_echoing_it()
    {
        var options = new HttpJudgeOptions { BaseUrl = "http://127.0.0.1:9/v1", Model = "m", ApiKeyVariable = "sk-proj-abc.def-123" };

        var e = Assert.Throws<SelGenException>(options.Validate);

        Assert.Contains("ApiKeyVariable", e.Message);
        Assert.DoesNotContain("sk-proj-abc.def-123", e.Message);
    }

    [Theory]
    [InlineData("not a url", "BaseUrl")]
    [InlineData("ftp://host/v1", "BaseUrl")]
    public void Bad_options_name_the_field(string baseUrl, string field)
    {
        var e = Assert.Throws<SelGenException>(new HttpJudgeOptions { BaseUrl = baseUrl, Model = "m" }.Validate);

        Assert.Contains($"judge option {field}", e.Message);
    }

    [Fact]
    public async Task No_more_requests_are_in_flight_than_the_concurrency_limit()
    {
        using var server = CannedChatServer.Sequence(Good with { Delay = TimeSpan.FromMilliseconds(60) });
        using var judge = new HttpJudge(Options(server) with { MaxConcurrency = 2 });

        var scores = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => judge.ScoreAsync(Query($"answer {i}"))));

        Assert.All(scores, s => Assert.Equal(83.75, s!.Value, 10));
        Assert.Equal(8, server.Count);
        Assert.Equal(2, server.MaxInFlight);
    }

    [Fact]
    public async Task Identical_prompts_in_flight_together_share_one_request()
    {
        using var server = CannedChatServer.Sequence(Good with { Delay = TimeSpan.FromMilliseconds(100) });
        using var judge = new HttpJudge(Options(server));

        var scores = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => judge.ScoreAsync(Query("same answer"))));

        Assert.All(scores, s => Assert.Equal(83.75, s!.Value, 10));
        Assert.Equal(1, server.Count);
    }
}
