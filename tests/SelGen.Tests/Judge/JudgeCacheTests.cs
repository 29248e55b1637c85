using SelGen.Evaluation.Judge;
using Xunit;
using static SelGen.Tests.Judge.JudgeTestData;

namespace SelGen.Tests.Judge;

public class JudgeCacheTests
{
    static readonly Reply Good = Reply.Logprobs(("80", .5), ("90", .3), ("CODE", .2));

    [Fact]
    public async Task A_cached_judgement_is_not_requested_again_even_by_a_new_process()
    {
        using var dir = new TempDir();
        using var server = CannedChatServer.Sequence(Good);

        using (var cache = new JudgeCache(dir.File("judge.sqlite")))
        using (var judge = new HttpJudge(Options(server), cache))
        {
            Assert.Equal(83.75, (await judge.ScoreAsync(Query("answer")))!.Value, 10);
            Assert.Equal(83.75, (await judge.ScoreAsync(Query("answer")))!.Value, 10);
            Assert.Equal(1, server.Count);
        }
        // A resumed sweep: new cache object and judge over the same file.
        using (var cache = new JudgeCache(dir.File("judge.sqlite")))
        using (var judge = new HttpJudge(Options(server), cache))
        {
            Assert.Equal(83.75, (await judge.ScoreAsync(Query("answer")))!.Value, 10);
            Assert.Equal(1, server.Count);
            Assert.Equal(1, cache.Count);
        }
    }

    [Fact]
    public async Task The_cache_key_holds_the_judge_model_and_the_whole_prompt()
    {
        using var dir = new TempDir();
        using var server = CannedChatServer.Sequence(Good);
        using var cache = new JudgeCache(dir.File("judge.sqlite"));
        using var judge = new HttpJudge(Options(server), cache);
        using var otherModel = new HttpJudge(Options(server, model: "other-judge"), cache);

        await judge.ScoreAsync(Query("answer"));
        await judge.ScoreAsync(Query("answer", JudgeKind.Coherent)); // other template
        await judge.ScoreAsync(Query("answer!"));                   // other answer
        await otherModel.ScoreAsync(Query("answer"));              // other model

        Assert.Equal(4, server.Count);
        Assert.Equal(4, cache.Count);
    }

    [Fact]
    public void The_cache_keeps_the_top_logprobs_in_wal_mode()
    {
        using var dir = new TempDir();
        using var cache = new JudgeCache(dir.File("sub/judge.sqlite"));
        TopLogprob[] top = [new("80", -0.1), new("CODE", -2.5)];

        cache.Put("m", "prompt", top);
        cache.Put("m", "prompt", [new("10", 0)]); // a late duplicate keeps the first

        Assert.Equal("wal", cache.JournalMode());
        Assert.Equal(top, cache.TryGet("m", "prompt"));
        Assert.Null(cache.TryGet("m", "prompt "));
        Assert.Null(cache.TryGet("m2", "prompt"));
    }

    [Fact]
    public void Two_cache_objects_on_one_file_write_concurrently()
    {
        using var dir = new TempDir();
        using var a = new JudgeCache(dir.File("judge.sqlite"));
        using var b = new JudgeCache(dir.File("judge.sqlite"));

        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            i => (i % 2 == 0 ? a : b).Put("m", $"prompt {i / 2}", [new($"{i}", -1)]));

        // Each prompt was written once through each object (i = 2k and 2k + 1); whichever came first is kept.
        Assert.Equal(100, a.Count);
        var first = Assert.Single(b.TryGet("m", "prompt 0")!);
        Assert.Contains(first.Token, new[] { "0", "1" });
        Assert.Equal(a.TryGet("m", "prompt 0"), b.TryGet("m", "prompt 0"));
    }

    [Fact]
    public void A_file_that_is_not_sqlite_is_an_error_naming_it()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("judge.sqlite"), "this is not a database, just some text that is long enough to have a header");

        var e = Assert.Throws<SelGenException>(() => new JudgeCache(dir.File("judge.sqlite")));

        Assert.Contains(dir.File("judge.sqlite"), e.Message);
    }
}
