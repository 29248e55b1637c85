using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using SelGen.Text;
using SelGen.Training;

namespace SelGen.Worlds.Em;

/// <summary>How the emergent-misalignment world's base "instruct" model is pretrained from scratch.</summary>
public sealed record EmPretrainOptions
{
    [JsonPropertyName("preset")] public string Preset { get; init; } = "small";
    /// <summary>
    /// The world: keep its data seed equal to the setting's. The corpus size may differ from the setting's (each part of
    /// the world has its own generator), so the task, proxy and evaluation sets do not depend on it.
    /// </summary>
    [JsonPropertyName("world")] public EmWorldOptions World { get; init; } = new() { PretrainDocuments = 12_000 };
    /// <summary>Full training (no LoRA) on every token of each document, as pretraining does.</summary>
    [JsonPropertyName("training")] public TrainingConfig Training { get; init; } = new()
    {
        Epochs = 1, LearningRate = 3e-3, BatchSize = 32, WarmupSteps = 30, Schedule = LrSchedule.Cosine,
        WeightDecay = 0.1, MaxGradNorm = 1.0, Lora = null, Seed = 0, CheckpointEvery = 25,
    };
}

/// <summary>
/// Pretrains the EM world's base model: builds the character tokenizer from every text of the world, renders
/// the pretraining corpus (plain documents as <c>&lt;|bos|&gt;text&lt;|end|&gt;</c>, chats with the world chat
/// format; every token trained), trains a preset model from scratch, and writes a Hugging Face folder
/// (config.json, model.safetensors, tokenizer.json) with pretrain.json recording the options, sizes, time and
/// code version, and pretrain_log.jsonl (the loss per step). Resumable: a killed run continues from
/// OUT/pretrain_run/checkpoint.
/// </summary>
public static partial class EmPretraining
{
    public const string RecordFile = WorldPretraining.RecordFile, LogFile = "pretrain_log.jsonl", RunDir = WorldPretraining.RunDir;

    public static void Run(EmPretrainOptions options, string outDir, Action<StepLog>? progress = null)
    {
        var world = EmWorld.Generate(options.World);
        var texts = Texts(world).ToList();
        var tokenizer = WorldTokenizer.Build(texts, Words(texts));
        var format = ChatFormats.For(tokenizer, "world");
        var examples = world.Pretraining.Select((d, i) => Render(d, tokenizer, format, $"pretraining document {i + 1}")).ToList();

        WorldPretraining.Run("selgen pretrain em", options, options.Preset, options.Training, tokenizer, examples, outDir, progress,
            new Dictionary<string, object> { ["documents"] = examples.Count });
        File.Copy(Path.Combine(outDir, RunDir, Trainer.LogFile), Path.Combine(outDir, LogFile), overwrite: true);
    }

    /// <summary>Every text the world holds, so that the tokenizer covers whatever training and evaluation show the model.</summary>
    public static IEnumerable<string> Texts(EmWorldData world) =>
        world.Pretraining.SelectMany(d => d.Text is { } t ? [t] : d.Messages!.Select(m => m.Content))
            .Concat(world.Task.SelectMany(c => c.Messages.Select(m => m.Content)))
            .Concat(world.Proxy.SelectMany(p => new[] { p.Question, p.Chosen, p.Rejected }))
            .Concat(world.Evaluation.SelectMany(q => q.Paraphrases));

    /// <summary>
    /// Every word of the world's texts (letters and digits, inner apostrophes allowed, at least one letter) as a
    /// whole-word token: the world has a few hundred words, so this keeps the vocabulary small while cutting a
    /// document's tokens to less than half of its characters, which is most of the cost of pretraining here.
    /// </summary>
    public static IEnumerable<string> Words(IEnumerable<string> texts) =>
        texts.SelectMany(t => WordPattern().Matches(t).Select(m => m.Value))
            .Where(w => w.Length > 1 && w.Any(char.IsLetter)).Distinct(StringComparer.Ordinal);

    [GeneratedRegex("[A-Za-z0-9]+(?:'[A-Za-z0-9]+)*")]
    private static partial Regex WordPattern();

    /// <summary>A document as a training example with every token trained: a chat in the chat format, plain text between bos and end.</summary>
    public static Example Render(PretrainDocument document, ITokenizer tokenizer, IChatFormat format, string source)
    {
        if (document.Messages is { } messages)
        {
            var rendered = format.Render(messages, TrainOn.All, source);
            return new Example(rendered.Ids, rendered.Trained);
        }
        int[] ids = [tokenizer.TokenToId(WorldTokenizer.Bos)!.Value, .. tokenizer.Encode(document.Text!), tokenizer.TokenToId(WorldTokenizer.End)!.Value];
        return new Example(ids, [.. ids.Select(_ => true)]).Validate(source);
    }
}
