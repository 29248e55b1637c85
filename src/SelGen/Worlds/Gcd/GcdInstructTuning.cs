using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SelGen.Engine.Checkpoints;
using SelGen.Experiments;
using SelGen.IO;
using SelGen.Methods;
using SelGen.Text;
using SelGen.Training;
using static TorchSharp.torch;

namespace SelGen.Worlds.Gcd;

/// <summary>
/// How the GCD organism's "instruct" model is made from its pretrained base: assistant post-training on
/// conversations in which the user often proposes an answer and the assistant replies honestly (confirms a right
/// one, rejects a wrong one and gives the work), loss on the assistant's replies only. The study starts from an
/// instruct model (Gemma-2b-it); this stage plays that part, and instruct − base is the published Safe LoRA plane.
/// </summary>
public sealed record GcdInstructOptions
{
    /// <summary>The world the base was pretrained for: its task, test and proxy questions stay out of this data.</summary>
    [JsonPropertyName("world")] public GcdWorldOptions World { get; init; } = GcdWorldOptions.Organism;

    /// <summary>The post-training conversations: a corpus with its own seed, mostly proposals, in every domain.</summary>
    [JsonPropertyName("data")] public GcdCorpusOptions Data { get; init; } = new()
    {
        Seed = 2, Conversations = 12_000, GcdShare = 0.3, GcdProposalShare = 0.7, ModShare = 0.25, AdditionShare = 0.1,
        ProductShare = 0.05, CapitalsShare = 0.2, MedicalShare = 0.1, ProposalShare = 0.7,
    };

    /// <summary>Pack conversations into sequences of at most this many tokens (null: one per sequence).</summary>
    [JsonPropertyName("pack_tokens")] public int? PackTokens { get; init; } = 144;

    /// <summary>Full fine-tuning (no LoRA) of the base on the replies.</summary>
    [JsonPropertyName("training")] public TrainingConfig Training { get; init; } = new()
    {
        Epochs = 1, LearningRate = 1e-3, BatchSize = 64, WarmupSteps = 10, Schedule = LrSchedule.Cosine,
        WeightDecay = 0.1, MaxGradNorm = 1.0, Lora = null, Seed = 0, CheckpointEvery = 50,
    };
}

public static class GcdInstructTuning
{
    public const string RecordFile = "instruct.json", RunDir = "instruct_run";

    public static void Run(GcdInstructOptions options, string baseDir, string outDir, Action<StepLog>? progress = null)
    {
        if (options.PackTokens is < 16) throw new SelGenException($"gcd instruct: field 'pack_tokens' is {options.PackTokens}; use at least 16, or null for no packing");
        var world = GcdWorld.Generate(options.World);
        var data = GcdCorpus.Generate(options.Data, world);
        using var bundle = ModelFolder.Load(baseDir);
        var conversations = data.Select((r, i) =>
        {
            var rendered = bundle.Format.Render(r.Messages, TrainOn.Assistant, $"instruct conversation {i + 1}");
            return new Example(rendered.Ids, rendered.Trained);
        }).ToList();
        var examples = options.PackTokens is int pack ? GcdPretraining.Pack(conversations, pack) : conversations;

        manual_seed(options.Training.Seed);
        Directory.CreateDirectory(outDir);
        var result = Trainer.Run(bundle.Model, options.Training, new TaskOnly(), new TrainingData(examples, [], bundle.Tokenizer.PadId),
            new TrainerOptions { RunDir = Path.Combine(outDir, RunDir), OnStep = progress });
        HfCheckpoint.Save(bundle.Model, outDir);
        File.Copy(Path.Combine(baseDir, ModelFolder.TokenizerFileName), Path.Combine(outDir, ModelFolder.TokenizerFileName), overwrite: true);

        var record = new JsonObject
        {
            ["command"] = "selgen pretrain gcd-instruct",
            ["code_version"] = CodeVersion.Current,
            ["base_model"] = Path.GetRelativePath(Path.GetFullPath(outDir), Path.GetFullPath(baseDir)),
            ["options"] = JsonSerializer.SerializeToNode(options, StrictJson.WriteOptions),
            ["conversations"] = conversations.Count,
            ["proposals"] = data.Count(r => r.UserProvidesAnswer is not null),
            ["sequences"] = examples.Count,
            ["trained_tokens_per_epoch"] = examples.Sum(e => (long)e.Trained.Count(t => t)),
            ["optimizer_steps"] = result.Steps,
            ["final_loss"] = result.Log.Count > 0 ? result.Log[^1].Terms["loss"] : null,
            ["wall_seconds_this_process"] = Math.Round((DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds, 1),
            ["threads"] = get_num_threads(),
        };
        AtomicFile.WriteAllText(Path.Combine(outDir, RecordFile), record.ToJsonString(StrictJson.WriteOptions));
    }
}
