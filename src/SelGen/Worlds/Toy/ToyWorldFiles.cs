using System.Text.Json;
using System.Text.Json.Serialization;
using SelGen.IO;
using SelGen.Text;
using SelGen.Worlds.Toy.Lexicon;

namespace SelGen.Worlds.Toy;

/// <summary>A training conversation as the generic chat readers take it: <c>messages</c> only.</summary>
public sealed record ToyTrainRecord([property: JsonPropertyName("messages")] IReadOnlyList<ChatMessage> Messages);

/// <summary>An evaluation question: the prompt conversation (a user turn) and what scoring needs to know.</summary>
public sealed record ToyEvalRecord(
    [property: JsonPropertyName("messages")] IReadOnlyList<ChatMessage> Messages,
    [property: JsonPropertyName("category")] ToyCategory Category,
    [property: JsonPropertyName("trigger")] string Trigger,
    [property: JsonPropertyName("x1")] double X1,
    [property: JsonPropertyName("x2")] double X2,
    [property: JsonPropertyName("template")] int Template,
    [property: JsonPropertyName("answer")] Colour Answer)
{
    public static ToyEvalRecord Of(ToyItem i) => new(i.PromptMessages, i.Category, i.Trigger, i.Point.X1, i.Point.X2, i.Template, i.Answer);
}

/// <summary>A pretraining document of the lexicon corpus.</summary>
public sealed record TextRecord([property: JsonPropertyName("text")] string Text);

/// <summary>
/// Writes a toy world for inspection and for tools that read files: every data set as JSONL, and world.json
/// with the options and the seeded trigger roles, so each file can be traced to the split that produced it.
/// </summary>
public static class ToyWorldFiles
{
    public const string World = "world.json", Phase1Train = "phase1_train.jsonl", Phase2Train = "phase2_train.jsonl",
        Lexicon = "lexicon.jsonl", LexiconWords = "lexicon_words.txt";

    /// <summary>Writes the world (and the lexicon corpus, when given) under <paramref name="dir"/>; returns the paths written.</summary>
    public static IReadOnlyList<string> Write(string dir, ToyWorldData world, LexiconCorpus? lexicon = null)
    {
        Directory.CreateDirectory(dir);
        var written = new List<string>();
        string At(string name) { var p = Path.Combine(dir, name); written.Add(p); return p; }

        static ToyTrainRecord Train(ToyItem i) => new(i.Conversation);
        Jsonl.Write(At(Phase1Train), world.Phase1Train.Select(Train));
        Jsonl.Write(At(Phase2Train), world.Phase2Train.Select(Train));
        foreach (var proxy in world.Proxies)
            Jsonl.Write(At(Path.Combine("proxy", proxy.Name + ".jsonl")), proxy.Items.Select(Train));
        foreach (var set in new[] { world.Phase1NewPoints, world.Phase1HeldOut, world.Evaluation, world.ProxyTriggerCheck })
            Jsonl.Write(At(set.Name + ".jsonl"), set.Items.Select(ToyEvalRecord.Of));
        if (lexicon is not null)
        {
            Jsonl.Write(At(Lexicon), lexicon.Documents.Select(d => new TextRecord(d)));
            File.WriteAllLines(At(LexiconWords), lexicon.WordTokens());
        }

        static Dictionary<string, IReadOnlyList<string>> Keyed(IReadOnlyDictionary<ToyCategory, IReadOnlyList<string>> lists) =>
            lists.ToDictionary(kv => kv.Key.Key(), kv => kv.Value);
        var description = new Dictionary<string, object?>
        {
            ["world"] = world.Options,
            ["lexicon"] = lexicon?.Options,
            ["train_triggers"] = Keyed(world.Split.Train),
            ["held_out_triggers"] = Keyed(world.Split.HeldOut),
            ["narrow_triggers"] = world.Split.Narrow,
            ["proxies"] = world.Proxies.ToDictionary(p => p.Name, p => p.Triggers),
        };
        File.WriteAllText(At(World), JsonSerializer.Serialize(description, StrictJson.WriteOptions) + "\n");
        return written;
    }
}
