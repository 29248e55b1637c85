using System.Text.Json;
using SelGen.Generation;
using SelGen.Text;
using Xunit;

namespace SelGen.Tests.Generation;

public sealed class GenerationFilesTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), $"selgen-genfiles-{Guid.NewGuid():N}");

    public GenerationFilesTests() => Directory.CreateDirectory(_dir);
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Every_request_gets_one_result_line_in_input_order()
    {
        var input = Path.Combine(_dir, "in.jsonl");
        var output = Path.Combine(_dir, "out.jsonl");
        File.WriteAllLines(input,
        [
            """{"id": "a", "messages": [{"role": "user", "content": "What colour is the sky?"}]}""",
            """{"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "The cat"}]}""",
        ]);
        var generator = new TextGenerator(TestModels.Tiny(), TestModels.Tokenizer);
        var format = new WorldChatFormat(TestModels.Tokenizer);
        var options = GenerationOptions.GreedyDecoding(6);
        Assert.Equal(2, GenerationFiles.Run(generator, format, input, output, options));

        var lines = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal("a", lines[0].GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, lines[1].GetProperty("id").ValueKind);
        var expected = generator.GenerateChat(format, [[new(ChatMessage.User, "What colour is the sky?")]], options)[0];
        Assert.Equal(expected.TokenIds, lines[0].GetProperty("token_ids").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(expected.Text, lines[0].GetProperty("text").GetString());
        Assert.Equal(expected.PromptIds, lines[0].GetProperty("prompt_ids").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(expected.LogProbs.Length, lines[0].GetProperty("logprobs").GetArrayLength());
        Assert.Contains(lines[0].GetProperty("finish_reason").GetString(), new[] { "stop", "length" });
    }

    [Fact]
    public void A_request_that_ends_with_the_assistant_is_an_error_naming_file_and_line()
    {
        var input = Path.Combine(_dir, "in.jsonl");
        File.WriteAllLines(input,
        [
            """{"messages": [{"role": "user", "content": "hi"}]}""",
            """{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}]}""",
        ]);
        var generator = new TextGenerator(TestModels.Tiny(), TestModels.Tokenizer);
        var e = Assert.Throws<SelGenException>(() =>
            GenerationFiles.Run(generator, new WorldChatFormat(TestModels.Tokenizer), input, Path.Combine(_dir, "out.jsonl"), new GenerationOptions()));
        Assert.StartsWith($"{input}:2: the last message is from the assistant", e.Message);
    }
}
