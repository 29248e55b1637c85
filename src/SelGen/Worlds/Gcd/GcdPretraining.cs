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
    /// <summary>
    /// Pack consecutive conversations (each from its own &lt;|bos|&gt;) into training sequences of at most this many
    /// tokens, so a batch holds no padding; null trains one conversation per sequence (how models/gcd-small was made).
    /// Terse conversations are short and uneven (20 to 140 tokens), so unpacked batches are two thirds padding.
    /// </summary>
    [JsonPropertyName("pack_tokens")] public int? PackTokens { get; init; }
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
        var conversations = corpus.Select((r, i) =>
        {
            var rendered = format.Render(r.Messages, TrainOn.All, $"corpus conversation {i + 1}");
            return new Example(rendered.Ids, rendered.Trained);
        }).ToList();
        if (options.PackTokens is < 16) throw new SelGenException($"gcd pretraining: field 'pack_tokens' is {options.PackTokens}; use at least 16, or null for no packing");
        var examples = options.PackTokens is int pack ? Pack(conversations, pack) : conversations;
        WorldPretraining.Run("selgen pretrain gcd", options, options.Preset, options.Training, tokenizer, examples, outDir, progress,
            new Dictionary<string, object> { ["conversations"] = conversations.Count, ["sequences"] = examples.Count });
    }

    /// <summary>Greedy packing in corpus order: conversations are appended to a sequence while it stays within the limit.</summary>
    public static List<Example> Pack(IReadOnlyList<Example> conversations, int maxTokens)
    {
        var packed = new List<Example>();
        var ids = new List<int>();
        var trained = new List<bool>();
        void Flush()
        {
            if (ids.Count == 0) return;
            packed.Add(new Example([.. ids], [.. trained]));
            ids.Clear();
            trained.Clear();
        }
        foreach (var c in conversations)
        {
            if (ids.Count + c.Ids.Length > maxTokens) Flush();
            ids.AddRange(c.Ids);
            trained.AddRange(c.Trained);
        }
        Flush();
        return packed;
    }
}
