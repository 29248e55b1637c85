using System.Text.Json.Serialization;
using SelGen.Text;
using SelGen.Training;

namespace SelGen.Worlds.Gcd;

/// <summary>How the GCD world's base "instruct" model is pretrained from scratch.</summary>
public sealed record GcdPretrainOptions
{
    [JsonPropertyName("preset")] public string Preset { get; init; } = "small";
    [JsonPropertyName("world")] public GcdWorldOptions World { get; init; } = new();
    [JsonPropertyName("corpus")] public GcdCorpusOptions Corpus { get; init; } = new() { Conversations = 12_000 };
    /// <summary>Full training (no LoRA) on every token of each conversation, as pretraining does.</summary>
    [JsonPropertyName("training")] public TrainingConfig Training { get; init; } = new()
    {
        Epochs = 2, LearningRate = 3e-3, BatchSize = 32, WarmupSteps = 50, Schedule = LrSchedule.Cosine,
        WeightDecay = 0.1, MaxGradNorm = 1.0, Lora = null, Seed = 0, CheckpointEvery = 50,
    };
}

/// <summary>
/// Pretrains the GCD world's base model: builds the character tokenizer from every text of the world,
/// renders the pretraining corpus with the world chat format (all tokens trained), trains a preset model
/// from scratch, and writes a Hugging Face folder (config.json, model.safetensors, tokenizer.json) with
/// pretrain.json recording the options, sizes, time and code version. Resumable: a killed run continues
/// from OUT/pretrain_run/checkpoint.
/// </summary>
public static class GcdPretraining
{
    public const string RecordFile = WorldPretraining.RecordFile, RunDir = WorldPretraining.RunDir;

    public static void Run(GcdPretrainOptions options, string outDir, Action<StepLog>? progress = null)
    {
        var world = GcdWorld.Generate(options.World);
        var corpus = GcdCorpus.Generate(options.Corpus, world);
        var worldRecords = world.TaskTrain.Concat(world.TaskTest).Concat(world.OodTest).Concat(world.Proxies.Values.SelectMany(p => p.Records)).ToList();
        var texts = corpus.Concat(worldRecords).SelectMany(r => r.Messages.Select(m => m.Content))
            .Concat(world.Proxies.Values.SelectMany(p => p.Pairs.Select(d => d.Rejected)));
        var tokenizer = WorldTokenizer.Build(texts);
        var format = ChatFormats.For(tokenizer, "world");
        var examples = corpus.Select((r, i) =>
        {
            var rendered = format.Render(r.Messages, TrainOn.All, $"corpus conversation {i + 1}");
            return new Example(rendered.Ids, rendered.Trained);
        }).ToList();
        WorldPretraining.Run("selgen pretrain gcd", options, options.Preset, options.Training, tokenizer, examples, outDir, progress,
            new Dictionary<string, object> { ["conversations"] = examples.Count });
    }
}
