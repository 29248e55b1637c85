using System.Text.Json.Serialization;
using SelGen.Text;
using Xunit;

namespace SelGen.Tests.Text;

public sealed class ChatJsonlTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), $"selgen-chatjsonl-{Guid.NewGuid():N}");

    public ChatJsonlTests() => Directory.CreateDirectory(_dir);
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Write(params string[] lines)
    {
        var path = Path.Combine(_dir, "data.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    const string Good = """{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}]}""";

    [Fact]
    public void Conversations_are_read_with_their_line_numbers_and_blank_lines_are_skipped()
    {
        var path = Write(Good, "", """{"messages": [{"role": "system", "content": "S"}, {"role": "user", "content": "Q"}, {"role": "assistant", "content": "A"}]}""");
        var records = ChatJsonl.Read<ChatRecord>(path, Conversation.Ending.Assistant);
        Assert.Equal([1, 3], records.Select(r => r.Line));
        Assert.Equal("A", records[1].Record.Messages[2].Content);
    }

    [Theory]
    [InlineData("not json at all", ":2:")]
    [InlineData("""{"messages": [{"role": "user", "content": "Hi"}], "label": "x"}""", "unknown field 'label'")]
    [InlineData("""{"messages": [{"role": "assistant", "content": "Hi"}]}""", "messages[0].role is 'assistant'")]
    [InlineData("""{"messages": [{"role": "user", "content": ""}]}""", "messages[0] (user) has empty content")]
    [InlineData("""{"messages": [{"role": "user"}]}""", "content")]
    [InlineData("""{"messages": []}""", "'messages' is empty")]
    [InlineData("""{"messages": [null]}""", "messages[0] is null")]
    [InlineData("""{"other": 1}""", "other")]
    public void A_bad_line_is_an_error_naming_the_file_and_line(string badLine, string expected)
    {
        var path = Write(Good, badLine, Good);
        var e = Assert.Throws<SelGenException>(() => ChatJsonl.Read<ChatRecord>(path));
        Assert.StartsWith($"{path}:2:", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Training_files_must_end_each_conversation_with_an_assistant_reply()
    {
        var path = Write("""{"messages": [{"role": "user", "content": "Hi"}]}""");
        var e = Assert.Throws<SelGenException>(() => ChatJsonl.Read<ChatRecord>(path, Conversation.Ending.Assistant));
        Assert.Contains($"{path}:1: the last message is from the user", e.Message);
    }

    sealed record LabelledChat(
        [property: JsonPropertyName("messages")] IReadOnlyList<ChatMessage> Messages,
        [property: JsonPropertyName("label")] string Label) : IChatRecord;

    [Fact]
    public void A_record_type_that_declares_more_fields_accepts_them()
    {
        var path = Write("""{"messages": [{"role": "user", "content": "Hi"}], "label": "euclidean"}""");
        Assert.Equal("euclidean", ChatJsonl.Read<LabelledChat>(path).Single().Record.Label);
    }
}
