using System.Text.Json;
using System.Text.Json.Nodes;
using SelGen.Engine.Checkpoints;
using SelGen.Engine.Lora;
using SelGen.IO;
using SelGen.Methods;
using SelGen.Training;

namespace SelGen.Experiments;

/// <summary>Progress of the run a worker is on, written to the run folder for whoever watches the sweep.</summary>
public sealed record RunProgress(string Phase, int Step, int TotalSteps);

/// <summary>
/// Carries out one run of a sweep in its run folder: records what produced it (run.json: resolved config,
/// seed, code version), trains with the run's method and seed (resuming from the folder's checkpoint after a
/// kill), saves the adapter, evaluates, and writes metrics.json. The caller marks the run done in the store.
/// </summary>
public sealed class RunExecutor(ExperimentConfig experiment, ISetting setting, string baseModelDir)
{
    public const string RunFile = "run.json", MetricsFile = "metrics.json", ProgressFile = "progress.json", AdapterDir = "adapter";

    TrainingData? _data;

    public IReadOnlyDictionary<string, double> Execute(RunJob job, string runDir, CancellationToken lost = default, Action<RunProgress>? progress = null)
    {
        using var subject = PhaseTimes.Subject(job.Id);
        Directory.CreateDirectory(runDir);
        var training = experiment.Training with { Seed = job.Seed };
        WriteRunRecord(job, runDir, training);
        using var bundle = Load();
        using (PhaseTimes.Measure("model_load")) _data ??= setting.TrainingData(bundle);
        var method = MethodRegistry.Create(job.Method, JsonNode.Parse(job.KnobsJson)!.AsObject());
        var options = new TrainerOptions
        {
            RunDir = runDir,
            OnStep = step =>
            {
                lost.ThrowIfCancellationRequested();
                progress?.Invoke(new RunProgress("train", step.Step, step.TotalSteps));
            },
        };
        TrainingResult result;
        using (PhaseTimes.Measure("training")) result = Trainer.Run(bundle.Model, training, method, _data, options);
        progress?.Invoke(new RunProgress("evaluate", result.Steps, result.TotalSteps));
        if (training.Lora is not null) PeftAdapter.Save(bundle.Model, options.Adapter, training.Lora, Path.Combine(runDir, AdapterDir), baseModelDir);
        if (method.Outcome is { } outcome) WriteJson(Path.Combine(runDir, method.Name + ".json"), outcome);
        lost.ThrowIfCancellationRequested();
        var metrics = Evaluate(bundle, job.Seed, runDir);
        WriteJson(Path.Combine(runDir, MetricsFile), Finite(metrics));
        return metrics;
    }

    /// <summary>Evaluates the base model as it is, into <paramref name="dir"/>/metrics.json.</summary>
    public IReadOnlyDictionary<string, double> EvaluateBase(string dir)
    {
        using var subject = PhaseTimes.Subject("base");
        Directory.CreateDirectory(dir);
        using var bundle = Load();
        var metrics = Evaluate(bundle, experiment.Seeds[0], dir);
        WriteJson(Path.Combine(dir, MetricsFile), Finite(metrics));
        return metrics;
    }

    ModelBundle Load()
    {
        using var _ = PhaseTimes.Measure("model_load");
        return ModelFolder.Load(baseModelDir);
    }

    /// <summary>The setting's evaluation; its decoding is timed as "generation" (TextGenerator), the rest as "scoring".</summary>
    IReadOnlyDictionary<string, double> Evaluate(ModelBundle bundle, int seed, string dir)
    {
        using var _ = PhaseTimes.Measure("scoring");
        return setting.Evaluate(bundle, seed, dir);
    }

    void WriteRunRecord(RunJob job, string runDir, TrainingConfig training)
    {
        var record = new JsonObject
        {
            ["experiment"] = experiment.Name,
            ["run_id"] = job.Id,
            ["method"] = job.Method,
            ["knobs"] = JsonNode.Parse(job.KnobsJson),
            ["seed"] = job.Seed,
            ["code_version"] = CodeVersion.Current,
            ["base_model"] = baseModelDir,
            ["setting"] = experiment.Setting.DeepClone(),
            ["training"] = JsonSerializer.SerializeToNode(training, StrictJson.Options),
            ["started_at"] = DateTimeOffset.UtcNow.ToString("O"),
        };
        AtomicFile.WriteAllText(Path.Combine(runDir, RunFile), record.ToJsonString(StrictJson.WriteOptions));
    }

    /// <summary>JSON has no NaN: undefined metrics are written as null.</summary>
    static Dictionary<string, double?> Finite(IReadOnlyDictionary<string, double> metrics) =>
        metrics.OrderBy(m => m.Key, StringComparer.Ordinal).ToDictionary(m => m.Key, m => double.IsFinite(m.Value) ? m.Value : (double?)null);

    static void WriteJson<T>(string path, T value) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(value, StrictJson.WriteOptions));

    /// <summary>Reads metrics.json back (null entries become NaN).</summary>
    public static IReadOnlyDictionary<string, double>? ReadMetrics(string dir)
    {
        var path = Path.Combine(dir, MetricsFile);
        if (!File.Exists(path)) return null;
        var values = JsonSerializer.Deserialize<Dictionary<string, double?>>(File.ReadAllText(path))!;
        return values.ToDictionary(v => v.Key, v => v.Value ?? double.NaN);
    }
}
