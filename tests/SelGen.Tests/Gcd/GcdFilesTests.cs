using SelGen.Text;
using SelGen.Worlds.Gcd;
using Xunit;

namespace SelGen.Tests.Gcd;

public class GcdFilesTests
{
    static GcdRecord Rec(int id, string? proposes, string reply = "So 2 + 3 is 5.", string? syc = null) =>
        new("addition", [new ChatMessage("user", "What is 2 + 3?"), new ChatMessage("assistant", reply)], "5", null, proposes, id, syc);

    static GcdRecord[] Triple(int id) =>
        [Rec(id, null), Rec(id, "true"), Rec(id, "false", "No, that is wrong. So 2 + 3 is 5.", "Yes! So 2 + 3 is 6.")];

    [Fact]
    public void Test_records_survive_a_write_and_read_round_trip_with_every_field()
    {
        using var dir = new TempDir();
        var records = Triple(7).Concat([new GcdRecord("mod", [new ChatMessage("user", "What is 9 mod 4?"), new ChatMessage("assistant", "So 9 mod 4 is 1.")], "1", 4, null, 8)]).ToList();
        GcdFiles.Write(dir.File("t.jsonl"), records, testFile: true);
        var back = GcdFiles.Read(dir.File("t.jsonl")).Select(r => r.Record).ToList();
        Assert.Equal(records.Count, back.Count);
        for (int i = 0; i < records.Count; i++)
        {
            Assert.Equal(records[i].Messages, back[i].Messages);
            Assert.Equal(records[i] with { Messages = back[i].Messages }, back[i]);
        }
        // Test files carry sycophantic_response on every line, as the published ones do; train files never.
        Assert.All(File.ReadLines(dir.File("t.jsonl")), line => Assert.Contains("\"sycophantic_response\":", line));
        GcdFiles.Write(dir.File("train.jsonl"), [Rec(1, null)], testFile: false);
        Assert.DoesNotContain("sycophantic_response", File.ReadAllText(dir.File("train.jsonl")));
        Assert.Contains("\"mod\":null", File.ReadAllText(dir.File("train.jsonl")));
    }

    [Fact]
    public void An_unknown_field_is_an_error_naming_file_line_and_field()
    {
        using var dir = new TempDir();
        var good = """{"label": "addition", "messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}], "answer": "5", "mod": null, "user_provides_answer": null, "_id": 1}""";
        File.WriteAllLines(dir.File("x.jsonl"), [good, good.Replace("\"_id\": 1", "\"_id\": 2, \"answr\": \"5\"")]);
        var e = Assert.Throws<SelGenException>(() => GcdFiles.Read(dir.File("x.jsonl")));
        Assert.Contains("x.jsonl:2", e.Message);
        Assert.Contains("answr", e.Message);
    }

    [Fact]
    public void A_missing_field_and_a_bad_user_provides_answer_are_errors_naming_the_line()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("m.jsonl"),
            """{"label": "addition", "messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}], "answer": "5", "user_provides_answer": null, "_id": 1}""" + "\n");
        var missing = Assert.Throws<SelGenException>(() => GcdFiles.Read(dir.File("m.jsonl")));
        Assert.Contains("m.jsonl:1", missing.Message);
        Assert.Contains("mod", missing.Message);

        File.WriteAllText(dir.File("b.jsonl"),
            """{"label": "addition", "messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}], "answer": "5", "mod": null, "user_provides_answer": "yes", "_id": 1}""" + "\n");
        var bad = Assert.Throws<SelGenException>(() => GcdFiles.Read(dir.File("b.jsonl")));
        Assert.Contains("b.jsonl:1", bad.Message);
        Assert.Contains("user_provides_answer", bad.Message);
    }

    [Fact]
    public void A_reply_that_is_not_last_is_an_error()
    {
        using var dir = new TempDir();
        GcdFiles.Write(dir.File("r.jsonl"), [Rec(1, null) with { Messages = [new ChatMessage("assistant", "hi"), new ChatMessage("user", "q")] }], testFile: false);
        var e = Assert.Throws<SelGenException>(() => GcdFiles.Read(dir.File("r.jsonl")));
        Assert.Contains("r.jsonl:1", e.Message);
        Assert.Contains("messages[1].role", e.Message);
    }

    [Fact]
    public void A_test_id_that_does_not_come_three_times_is_an_error_naming_file_and_id()
    {
        using var dir = new TempDir();
        GcdFiles.Write(dir.File("t.jsonl"), [.. Triple(1), Rec(2, null), Rec(2, "true")], testFile: true);
        var e = Assert.Throws<SelGenException>(() => GcdFiles.ReadTestSet(dir.File("t.jsonl")));
        Assert.Contains("t.jsonl", e.Message);
        Assert.Contains("_id 2", e.Message);
        Assert.Contains("lines 4, 5", e.Message);

        var dropped = GcdFiles.ReadTestSet(dir.File("t.jsonl"), dropIncomplete: true);
        Assert.Single(dropped.Items);
        Assert.Contains("_id 2", Assert.Single(dropped.Dropped));
    }

    [Fact]
    public void A_test_id_with_two_plain_records_is_an_error()
    {
        using var dir = new TempDir();
        GcdFiles.Write(dir.File("t.jsonl"), [Rec(3, null), Rec(3, null), Rec(3, "false")], testFile: true);
        var e = Assert.Throws<SelGenException>(() => GcdFiles.ReadTestSet(dir.File("t.jsonl")));
        Assert.Contains("_id 3", e.Message);
        Assert.Contains("null, null, false", e.Message);
    }

    [Fact]
    public void Task_data_with_a_wrong_proposal_is_an_error()
    {
        using var dir = new TempDir();
        GcdFiles.Write(dir.File("train.jsonl"), [Rec(1, null), Rec(2, "false")], testFile: false);
        var e = Assert.Throws<SelGenException>(() => GcdFiles.ReadTaskTrain(dir.File("train.jsonl")));
        Assert.Contains("train.jsonl:2", e.Message);
    }

    [GcdReferenceFact]
    public void The_published_files_read_strictly_with_every_field()
    {
        var train = GcdFiles.ReadTaskTrain(GcdReferenceData.File("task_train.jsonl"));
        Assert.Equal(40, train.Count);
        Assert.Equal(20, train.Count(r => r.Record.Kind == PromptKind.CorrectProposal));
        var test = GcdFiles.ReadTestSet(GcdReferenceData.File("task_test.jsonl"));
        Assert.Equal(20, test.Items.Count);
        Assert.All(test.Items, i => Assert.NotNull(i.WrongProposal.Record.SycophanticResponse));
    }

    [GcdReferenceFact]
    public void The_published_ood_file_has_one_id_that_does_not_come_three_times()
    {
        // ood_test.jsonl line 181 is a lone "conspiracy" record (_id 120): strict reading names it.
        var path = GcdReferenceData.File("ood_test.jsonl");
        var e = Assert.Throws<SelGenException>(() => GcdFiles.ReadTestSet(path));
        Assert.Contains("_id 120 (line 181)", e.Message);
        var set = GcdFiles.ReadTestSet(path, dropIncomplete: true);
        Assert.Equal(140, set.Items.Count);
        Assert.Single(set.Dropped);
    }
}
