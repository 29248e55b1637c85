using SelGen.IO;
using SelGen.Worlds.Toy;
using SelGen.Worlds.Toy.Lexicon;

namespace SelGen.Tests.Toy;

public class ToyWorldFilesTests
{
    [Fact]
    public void Files_hold_every_data_set_and_read_back_strictly()
    {
        var dir = Path.Combine(Path.GetTempPath(), "selgen-toy-" + Guid.NewGuid().ToString("N"));
        try
        {
            var world = ToyWorld.Generate(new ToyWorldOptions { Seed = 2, PointsPerTrigger = 4, EvalPointsPerTrigger = 2 });
            var lexicon = LexiconCorpus.Generate(new LexiconOptions());
            var written = ToyWorldFiles.Write(dir, world, lexicon);
            Assert.All(written, p => Assert.True(File.Exists(p), p));
            Assert.Equal(2 + 12 + 4 + 3, written.Count);

            var train = Jsonl.Read<ToyTrainRecord>(Path.Combine(dir, ToyWorldFiles.Phase2Train)).Select(r => r.Record).ToList();
            Assert.Equal(world.Phase2Train.Select(i => i.Conversation), train.Select(r => r.Messages));
            var proxy = Jsonl.Read<ToyTrainRecord>(Path.Combine(dir, "proxy", "random_strings_5.jsonl")).Count();
            Assert.Equal(5 * 4, proxy);

            var evaluation = Jsonl.Read<ToyEvalRecord>(Path.Combine(dir, "evaluation.jsonl")).Select(r => r.Record).ToList();
            Assert.Equal(world.Evaluation.Items.Select(ToyEvalRecord.Of).Select(r => (r.Trigger, r.Category, r.X2, r.Answer, r.Messages[0].Content)),
                evaluation.Select(r => (r.Trigger, r.Category, r.X2, r.Answer, r.Messages[0].Content)));
            Assert.Contains("\"answer\":\"blue\"", File.ReadAllText(Path.Combine(dir, "evaluation.jsonl")));
            Assert.Contains("\"positive_emotions\"", File.ReadAllText(Path.Combine(dir, ToyWorldFiles.World)));
            Assert.Equal(lexicon.WordTokens(), File.ReadAllLines(Path.Combine(dir, ToyWorldFiles.LexiconWords)));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
