using System.Text.Json;
using System.Text.Json.Nodes;
using SelGen.Engine.Checkpoints;
using SelGen.Engine.Lora;
using SelGen.IO;
using SelGen.Methods;
using SelGen.Training;

namespace SelGen.Experiments;

/// <summary>A run trained and was evaluated, but its model collapsed (see the message): it is marked failed, not done.</summary>
public sealed class RunCollapsedException(string message) : SelGenException(message);

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

    /// <param name="note">Told what happened besides training, e.g. that the checkpoint was dropped and why.</param>
    public IReadOnlyDictionary<string, double> Execute(RunJob job, string runDir, CancellationToken lost = default, Action<RunProgress>? progress = null,
        Action<string>? note = null)
    {
        using var subject = PhaseTimes.Subject(job.Id);
        Directory.CreateDirectory(runDir);
        var training = experiment.Training with { Seed = job.Seed };
        var numerics = Numerics.Current();
        if (Numerics.StartOrRestart(runDir, numerics) is { } restarted) note?.Invoke(restarted);
        WriteRunRecord(job, runDir, training, numerics);
        using var bundle = Load();
        using (PhaseTimes.Measure("model_load")) _data ??= setting.TrainingData(bundle);
        var method = MethodRegistry.Create(job.Method, JsonNode.Parse(job.KnobsJson)!.AsObject());
        int vanished = 0;
        var options = new TrainerOptions
        {
            RunDir = runDir,
            OnStep = step =>
            {
                lost.ThrowIfCancellationRequested();
                progress?.Invoke(new RunProgress("train", step.Step, step.TotalSteps));
                // Stop a collapsed run at once rather than after hours of steps that change nothing.
                vanished = step.GradNorm == 0 ? vanished + 1 : 0;
                if (vanished >= CollapsedSteps && Collapse(runDir, [], training) is { } collapse) throw new RunCollapsedException(collapse);
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
        if (Collapse(runDir, setting.Replies(runDir), training) is { } collapse) throw new RunCollapsedException(collapse);
        return metrics;
    }

    /// <summary>The last steps whose gradient norm must all be exactly 0 for the training to count as collapsed.</summary>
    const int CollapsedSteps = 3;

    /// <summary>
    /// Why the run's result is not a result: the gradient vanished (exactly 0 over the last steps: saturated
    /// logits after too large a learning rate) or every reply is empty. Such a run would otherwise be "done"
    /// with its metrics at 0 and enter the Pareto plot as a point; null when neither holds.
    /// </summary>
    public static string? Collapse(string runDir, IReadOnlyList<string> replies, TrainingConfig training)
    {
        var signs = new List<string>();
        var log = Path.Combine(runDir, Trainer.LogFile);
        if (File.Exists(log))
        {
            var norms = File.ReadLines(log).Select(l => JsonNode.Parse(l)?["grad_norm"]).Select(n => n is JsonValue v ? v.GetValue<double>() : double.NaN).ToList();
            int tail = Math.Min(CollapsedSteps, norms.Count);
            if (tail > 0 && norms.TakeLast(tail).All(n => n == 0))
                signs.Add($"the gradient norm is exactly 0 in the last {tail} steps (from step {norms.Count - tail + 1} of {norms.Count}; see {log})");
        }
        if (replies.Count > 0 && replies.All(string.IsNullOrWhiteSpace))
            signs.Add($"every one of the {replies.Count} replies of the evaluation is empty");
        if (signs.Count == 0) return null;
        var metrics = Path.Combine(runDir, MetricsFile);
        return $"the run collapsed: {string.Join(", and ", signs)}. Lower training.learning_rate (now {training.LearningRate}) or the method's strength" +
            (File.Exists(metrics) ? $"; the metrics are kept in {metrics} but the run is not counted as done" : "; it was stopped there and is not counted as done");
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

    void WriteRunRecord(RunJob job, string runDir, TrainingConfig training, Numerics numerics)
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
            ["numerics"] = JsonSerializer.SerializeToNode(numerics, StrictJson.Options),
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
