using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using SelGen.Engine;
using SelGen.Engine.Checkpoints;
using SelGen.IO;
using SelGen.Methods;
using SelGen.Text;
using SelGen.Training;
using SelGen.Worlds.Toy.Lexicon;
using static TorchSharp.torch;

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
    public const string RecordFile = "pretrain.json", RunDir = "pretrain_run";

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
        var clock = Stopwatch.StartNew();
        var lexicon = LexiconCorpus.Generate(options.Lexicon);
        var tokenizer = Tokenizer(lexicon);
        var examples = lexicon.Documents.Select(d => Document(tokenizer, d)).ToList();

        manual_seed(options.Training.Seed);
        using var model = new DecoderLM(Presets.Get(options.Preset, tokenizer.VocabSize));
        Directory.CreateDirectory(outDir);
        var result = Trainer.Run(model, options.Training, new TaskOnly(), new TrainingData(examples, [], tokenizer.PadId),
            new TrainerOptions { RunDir = Path.Combine(outDir, RunDir), OnStep = progress });

        HfCheckpoint.Save(model, outDir);
        tokenizer.Save(Path.Combine(outDir, "tokenizer.json"));
        var record = new
        {
            command = "selgen pretrain toy",
            code_version = CodeVersion.Current,
            options,
            parameters = model.Config.ParameterCount(),
            vocab_size = tokenizer.VocabSize,
            word_tokens = tokenizer.Words.Count,
            documents = examples.Count,
            statements = lexicon.Statements.Count,
            tokens_per_epoch = examples.Sum(e => (long)e.Ids.Length),
            optimizer_steps = result.Steps,
            final_loss = result.Log.Count > 0 ? result.Log[^1].Terms["loss"] : (double?)null,
            wall_seconds_this_process = Math.Round(clock.Elapsed.TotalSeconds, 1),
            threads = get_num_threads(),
        };
        AtomicFile.WriteAllText(Path.Combine(outDir, RecordFile), JsonSerializer.Serialize(record, StrictJson.WriteOptions));
    }
}
