using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using SelGen.Engine;
using SelGen.Engine.Checkpoints;
using SelGen.IO;
using SelGen.Methods;
using SelGen.Text;
using SelGen.Training;
using static TorchSharp.torch;

namespace SelGen.Worlds;

/// <summary>
/// What every world's pretraining shares once its tokenizer and examples exist: a preset model trained from
/// scratch on every token (resumable from OUT/pretrain_run/checkpoint), saved as a Hugging Face folder with
/// its tokenizer, and pretrain.json recording the command, options, sizes, time and code version.
/// </summary>
public static class WorldPretraining
{
    public const string RecordFile = "pretrain.json", RunDir = "pretrain_run";

    /// <param name="extra">World-specific fields of the record (corpus sizes and the like), written after vocab_size.</param>
    public static void Run(string command, object options, string preset, TrainingConfig training, WorldTokenizer tokenizer,
        IReadOnlyList<Example> examples, string outDir, Action<StepLog>? progress, IReadOnlyDictionary<string, object> extra)
    {
        manual_seed(training.Seed);
        using var model = new DecoderLM(Presets.Get(preset, tokenizer.VocabSize));
        Directory.CreateDirectory(outDir);
        // A resumed pretraining under other threads (or libtorch) would splice two trajectories: start over instead.
        var restarted = SelGen.Experiments.Numerics.StartOrRestart(Path.Combine(outDir, RunDir), SelGen.Experiments.Numerics.Current());
        var result = Trainer.Run(model, training, new TaskOnly(), new TrainingData(examples, [], tokenizer.PadId),
            new TrainerOptions { RunDir = Path.Combine(outDir, RunDir), OnStep = progress });

        HfCheckpoint.Save(model, outDir);
        tokenizer.Save(Path.Combine(outDir, "tokenizer.json"));
        var record = new JsonObject
        {
            ["command"] = command,
            ["code_version"] = CodeVersion.Current,
            ["options"] = JsonSerializer.SerializeToNode(options, options.GetType(), StrictJson.WriteOptions),
            ["parameters"] = model.Config.ParameterCount(),
            ["vocab_size"] = tokenizer.VocabSize,
        };
        // Checked before a sweep trains on the model (a setting of another world or world seed fails at once).
        record["world"] = SelGen.Experiments.ModelWorld.Record(command, record["options"]);
        foreach (var (name, value) in extra) record[name] = JsonSerializer.SerializeToNode(value, value.GetType(), StrictJson.WriteOptions);
        record["tokens_per_epoch"] = examples.Sum(e => (long)e.Ids.Length);
        record["optimizer_steps"] = result.Steps;
        record["final_loss"] = result.Log.Count > 0 ? result.Log[^1].Terms["loss"] : null;
        record["wall_seconds_this_process"] = Math.Round((DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds, 1);
        record["threads"] = get_num_threads();
        if (restarted is not null) record["note"] = restarted;
        AtomicFile.WriteAllText(Path.Combine(outDir, RecordFile), record.ToJsonString(StrictJson.WriteOptions));
    }
}
