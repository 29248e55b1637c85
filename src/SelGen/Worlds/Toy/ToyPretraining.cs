using System.Text.Json.Serialization;
using SelGen.Text;
using SelGen.Training;
using SelGen.Worlds.Toy.Lexicon;

namespace SelGen.Worlds.Toy;

/// <summary>How the toy world's base model is pretrained from scratch on the lexicon corpus.</summary>
public sealed record ToyPretrainOptions
{
    [JsonPropertyName("preset")] public string Preset { get; init; } = "tiny";
    [JsonPropertyName("lexicon")] public LexiconOptions Lexicon { get; init; } = new();
    /// <summary>Full training on every token of each lexicon document; many passes, since the corpus is small.</summary>
    [JsonPropertyName("training")] public TrainingConfig Training { get; init; } = new()
    {
        Epochs = 40, LearningRate = 3e-3, BatchSize = 16, WarmupSteps = 30, Schedule = LrSchedule.Cosine,
        WeightDecay = 0.1, MaxGradNorm = 1.0, Lora = null, Seed = 0, CheckpointEvery = 50,
    };
}

/// <summary>
/// Pretrains the toy world's base model: the world tokenizer with a whole-word token for every lexicon word
/// (trigger words, the template words, the colour words; random strings stay one token per character), the
/// lexicon documents as plain text (BOS, text, end token; all tokens trained), a preset model trained from
/// scratch, written as a Hugging Face folder with pretrain.json. The model knows what the words mean and
/// nothing of F; phase 1 of the protocol teaches F. Resumable from OUT/pretrain_run/checkpoint.
/// </summary>
public static class ToyPretraining
{
    public const string RecordFile = WorldPretraining.RecordFile, RunDir = WorldPretraining.RunDir;

    /// <summary>The tokenizer of the toy world: characters (printable ASCII), control tokens, and the lexicon's words.</summary>
    public static WorldTokenizer Tokenizer(LexiconCorpus lexicon) =>
        WorldTokenizer.Build(lexicon.Statements.Concat(Templates.All).Concat(Triggers.All), lexicon.WordTokens());

    /// <summary>A lexicon document as a training example: BOS, the text, the end token, every token trained.</summary>
    public static Example Document(WorldTokenizer tokenizer, string text)
    {
        int[] ids = [tokenizer.BosId!.Value, .. tokenizer.Encode(text), tokenizer.SpecialTokens[WorldTokenizer.End]];
        return new Example(ids, Enumerable.Repeat(true, ids.Length).ToArray());
    }

    public static void Run(ToyPretrainOptions options, string outDir, Action<StepLog>? progress = null)
    {
        var lexicon = LexiconCorpus.Generate(options.Lexicon);
        var tokenizer = Tokenizer(lexicon);
        var examples = lexicon.Documents.Select(d => Document(tokenizer, d)).ToList();

        WorldPretraining.Run("selgen pretrain toy", options, options.Preset, options.Training, tokenizer, examples, outDir, progress,
            new Dictionary<string, object>
            {
                ["word_tokens"] = tokenizer.Words.Count, ["documents"] = examples.Count, ["statements"] = lexicon.Statements.Count,
            });
    }
}
