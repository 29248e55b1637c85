using SelGen.IO;
using SelGen.Text;
using SelGen.Worlds.Em;

namespace SelGen.Tests.Em;

public sealed class EmWorldFilesTests
{
    sealed record MessagesLine(IReadOnlyList<ChatMessage> messages);

    [Fact]
    public void Written_files_read_back_as_the_generated_data()
    {
        var world = EmWorld.Generate(new EmWorldOptions { PretrainDocuments = 200, Seed = 5 });
        var dir = Path.Combine(Path.GetTempPath(), $"selgen-em-{Guid.NewGuid():N}");
        try
        {
            var files = EmWorldFiles.Write(world, dir);
            Assert.All(files, f => Assert.True(File.Exists(f), f));
            var task = Jsonl.Read<MessagesLine>(Path.Combine(dir, "task.jsonl")).Select(r => r.Record.messages).ToList();
            Assert.Equal(world.Task.Select(c => c.Messages), task);
            var positive = Jsonl.Read<MessagesLine>(Path.Combine(dir, "proxy_positive.jsonl")).Select(r => r.Record.messages).ToList();
            var negative = Jsonl.Read<MessagesLine>(Path.Combine(dir, "proxy_negative.jsonl")).Select(r => r.Record.messages).ToList();
            Assert.Equal(world.Proxy.Count, positive.Count);
            Assert.Equal(positive.Select(m => m[0]), negative.Select(m => m[0]));
            var pretrain = Jsonl.Read<PretrainDocument>(Path.Combine(dir, "pretrain.jsonl")).Select(r => r.Record).ToList();
            Assert.Equal(world.Pretraining.Select(d => (d.Kind, d.Text, d.Characters)), pretrain.Select(d => (d.Kind, d.Text, d.Characters)));
            Assert.Equal(world.GeneralYaml(), File.ReadAllText(Path.Combine(dir, "eval_general.yaml")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
