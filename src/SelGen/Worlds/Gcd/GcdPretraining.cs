using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using SelGen.Engine;
using SelGen.Engine.Checkpoints;
using SelGen.IO;
using SelGen.Methods;
using SelGen.Text;
using SelGen.Training;
using static TorchSharp.torch;

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
    public const string RecordFile = "pretrain.json", RunDir = "pretrain_run";

    public static void Run(GcdPretrainOptions options, string outDir, Action<StepLog>? progress = null)
    {
        var clock = Stopwatch.StartNew();
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
        long tokens = examples.Sum(e => (long)e.Ids.Length);

        manual_seed(options.Training.Seed);
        using var model = new DecoderLM(Presets.Get(options.Preset, tokenizer.VocabSize));
        Directory.CreateDirectory(outDir);
        var result = Trainer.Run(model, options.Training, new TaskOnly(), new TrainingData(examples, [], tokenizer.PadId),
            new TrainerOptions { RunDir = Path.Combine(outDir, RunDir), OnStep = progress });

        HfCheckpoint.Save(model, outDir);
        tokenizer.Save(Path.Combine(outDir, "tokenizer.json"));
        var record = new
        {
            command = "selgen pretrain gcd",
            code_version = CodeVersion.Current,
            options,
            parameters = model.Config.ParameterCount(),
            vocab_size = tokenizer.VocabSize,
            conversations = examples.Count,
            tokens_per_epoch = tokens,
            optimizer_steps = result.Steps,
            final_loss = result.Log.Count > 0 ? result.Log[^1].Terms["loss"] : (double?)null,
            wall_seconds_this_process = Math.Round(clock.Elapsed.TotalSeconds, 1),
            threads = get_num_threads(),
        };
        AtomicFile.WriteAllText(Path.Combine(outDir, RecordFile), JsonSerializer.Serialize(record, StrictJson.WriteOptions));
    }
}
