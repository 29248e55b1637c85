using System.Text.Json;
using System.Text.Json.Nodes;
using SelGen.IO;
using SelGen.Methods;
using SelGen.Reports;

namespace SelGen.Experiments;

/// <summary>
/// A sweep folder: the resolved experiment (experiment.json), the run store (runs.sqlite), the report
/// contract (report.json), the base model's evaluation (base/) and one folder per run (runs/ID/).
/// Any number of worker processes may drain it at once; a killed worker's run is resumed by the next.
/// </summary>
public sealed class Sweep
{
    public const string ExperimentFile = "experiment.json", BaseDir = "base";

    public string Dir { get; }
    public ExperimentConfig Experiment { get; }
    public RunStore Store { get; }
    readonly ISetting _setting;

    Sweep(string dir, ExperimentConfig experiment, RunStore store, ISetting setting)
    {
        Dir = dir;
        Experiment = experiment;
        Store = store;
        _setting = setting;
    }

    /// <summary>
    /// Creates or reopens the sweep in <paramref name="dir"/> for the experiment file: paths are resolved
    /// against the file's folder, the resolved experiment is saved (a folder holding a different
    /// experiment is refused), and every job of the grid is registered (idempotently).
    /// </summary>
    public static Sweep Prepare(string configPath, string dir)
    {
        // Everything is checked before anything is written: a rejected config leaves no folder behind that
        // would then refuse the corrected one.
        var config = Resolve(ExperimentConfig.Load(configPath), Path.GetDirectoryName(Path.GetFullPath(configPath))!);
        var setting = SettingRegistry.Create(config.Setting, Path.GetFullPath(dir));
        CheckBaseModel(config, configPath);
        CheckAxes(config, setting, configPath);
        var full = Path.GetFullPath(dir);
        var saved = Path.Combine(dir, ExperimentFile);
        if (File.Exists(saved))
        {
            var previous = Resolve(StrictJson.Load<ExperimentConfig>(saved), full);
            if (!OnlyAddsSeeds(previous, config)) // the same experiment passes too
                throw new SelGenException($"{dir}: this folder holds a sweep of a different experiment ({saved}); use another --out folder, or delete it to start over " +
                    "(an experiment that only adds seeds to the saved one is accepted: its finished runs are kept)");
        }
        Directory.CreateDirectory(dir);
        AtomicFile.WriteAllText(saved, Json(RelativeTo(config, full)));
        var sweep = new Sweep(full, config, RunStore.Open(dir), setting);
        sweep.Store.Register(config.Jobs());
        sweep.WriteReportSpec();
        return sweep;
    }

    static void CheckBaseModel(ExperimentConfig config, string source)
    {
        var model = config.BaseModel;
        if (!Directory.Exists(model))
            throw new SelGenException($"{source}: field 'base_model' is {model}, which does not exist; give a Hugging Face model folder such as models/gcd-small (relative to the experiment file)");
        ModelWorld.Check(model, config.Setting, source);
    }

    /// <summary>The report's axes must be metrics the setting produces; a typo would otherwise fail only after all training.</summary>
    static void CheckAxes(ExperimentConfig config, ISetting setting, string source)
    {
        foreach (var (axis, metric) in new[] { ("x", config.Axes.X.Metric), ("y", config.Axes.Y.Metric) })
        {
            if (setting.MetricLabels.ContainsKey(metric)) continue;
            var close = setting.MetricLabels.Keys.OrderBy(k => Distance(k, metric)).Take(3);
            throw new SelGenException($"{source}: field 'axes.{axis}.metric' is \"{metric}\", which the {setting.World} setting does not produce; " +
                $"did you mean {string.Join(" or ", close.Select(k => $"\"{k}\""))}? (docs/experiments.md lists every metric)");
        }
    }

    static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        return d[a.Length, b.Length];
    }

    static string Json(ExperimentConfig config) => JsonSerializer.Serialize(config, StrictJson.WriteOptions);

    /// <summary>The new experiment is the saved one, perhaps with more seeds or a new name: the finished runs
    /// stay valid (a run's id depends only on method, knobs and seed) and only the new seeds' runs are added.</summary>
    static bool OnlyAddsSeeds(ExperimentConfig saved, ExperimentConfig next) =>
        saved.Seeds.All(next.Seeds.Contains) && Json(saved with { Seeds = next.Seeds, Name = next.Name }) == Json(next);

    /// <summary>Reopens a prepared sweep folder (as a worker does).</summary>
    public static Sweep Open(string dir)
    {
        var path = Path.Combine(dir, ExperimentFile);
        if (!File.Exists(path)) throw new SelGenException($"{dir}: not a sweep folder (no {ExperimentFile}); start it with 'selgen sweep --config FILE --out {dir}'");
        var config = Resolve(StrictJson.Load<ExperimentConfig>(path).Validate(path), Path.GetFullPath(dir));
        var setting = SettingRegistry.Create(config.Setting, dir);
        return new Sweep(Path.GetFullPath(dir), config, RunStore.Open(dir), setting);
    }

    /// <summary>Makes the base model and any data folder absolute (relative paths are taken against
    /// <paramref name="baseDir"/>; absolute ones are kept), so workers and run records do not depend on the
    /// working directory.</summary>
    static ExperimentConfig Resolve(ExperimentConfig config, string baseDir) =>
        MapPaths(config, p => Path.GetFullPath(Path.Combine(baseDir, p)));

    /// <summary>The form saved in experiment.json: paths relative to the sweep folder, so a sweep folder
    /// committed next to its model (docs/results/... and models/...) can be resumed from any clone.</summary>
    static ExperimentConfig RelativeTo(ExperimentConfig config, string sweepDir) =>
        MapPaths(config, p => Path.GetRelativePath(sweepDir, p).Replace('\\', '/'));

    static ExperimentConfig MapPaths(ExperimentConfig config, Func<string, string> map)
    {
        var setting = (JsonObject)config.Setting.DeepClone();
        if (setting["data_dir"] is JsonValue data && data.TryGetValue<string>(out var d))
            setting["data_dir"] = map(d);
        return config with { BaseModel = map(config.BaseModel), Setting = setting };
    }

    public RunExecutor Executor() => new(Experiment, _setting, Experiment.BaseModel);

    /// <summary>Evaluates the base model once (kept in base/metrics.json; shared with other sweeps of the same
    /// model and setting through <see cref="BaseEvaluationCache"/>) and records it in report.json.</summary>
    public IReadOnlyDictionary<string, double>? EnsureBaseEvaluated()
    {
        if (!Experiment.EvaluateBase) return null;
        var dir = Path.Combine(Dir, BaseDir);
        if (RunExecutor.ReadMetrics(dir) is null)
            BaseEvaluationCache.Fill(dir, Experiment.BaseModel, Experiment.Setting, Experiment.Seeds[0], d => Executor().EvaluateBase(d));
        var metrics = RunExecutor.ReadMetrics(dir)!;
        WriteReportSpec(metrics);
        return metrics;
    }

    /// <summary>Claims and executes runs until none is left; returns how many this worker finished and failed.</summary>
    public (int Done, int Failed) Drain(Action<RunJob, RunProgress>? progress = null, CancellationToken cancel = default)
    {
        var executor = Executor();
        int done = 0, failed = 0;
        while (!cancel.IsCancellationRequested && Store.Claim() is { } claim)
        {
            using var heartbeat = new RunHeartbeat(Store, claim, TimeSpan.FromSeconds(30));
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(heartbeat.Lost, cancel);
            var progressPath = Path.Combine(claim.RunDir, RunExecutor.ProgressFile);
            var lastWrite = DateTime.MinValue;
            try
            {
                var metrics = executor.Execute(claim.Job, claim.RunDir, linked.Token, p =>
                {
                    progress?.Invoke(claim.Job, p);
                    if ((DateTime.UtcNow - lastWrite).TotalSeconds < 0.5 && p.Phase == "train") return;
                    lastWrite = DateTime.UtcNow;
                    AtomicFile.WriteAllText(progressPath, JsonSerializer.Serialize(p, StrictJson.Options));
                }, note => Store.AddNote(claim, note));
                if (Store.MarkDone(claim, metrics))
                {
                    done++;
                    // The resumable checkpoint is no longer needed: the adapter and metrics are saved.
                    var checkpoint = Path.Combine(claim.RunDir, "checkpoint");
                    if (Directory.Exists(checkpoint)) Directory.Delete(checkpoint, recursive: true);
                }
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                Store.Release(claim);
                break;
            }
            catch (OperationCanceledException)
            {
                // Another process took the run over (our heartbeat went stale); leave it to them.
            }
            catch (Exception e)
            {
                Store.MarkFailed(claim, e is SelGenException ? e.Message : FileSystemErrors.Describe(e) ?? e.ToString());
                failed++;
            }
        }
        return (done, failed);
    }

    /// <summary>Every run's state now, read from this sweep's store.</summary>
    public SweepStatus Status() => new(Dir, Store.Runs());

    /// <summary>The progress a worker last wrote for a running run, if any.</summary>
    public static RunProgress? ReadProgress(string runDir)
    {
        try
        {
            var path = Path.Combine(runDir, RunExecutor.ProgressFile);
            return File.Exists(path) ? JsonSerializer.Deserialize<RunProgress>(File.ReadAllText(path), StrictJson.Options) : null;
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;   // being replaced right now; the next poll reads it
        }
    }

    void WriteReportSpec(IReadOnlyDictionary<string, double>? baseMetrics = null)
    {
        var path = Path.Combine(Dir, ReportSpec.FileName);
        if (baseMetrics is null && File.Exists(path)) baseMetrics = ReportSpec.Load(path).Base?.Metrics;
        var labels = _setting.MetricLabels;
        var spec = new ReportSpec
        {
            Title = Experiment.Name,
            X = new AxisSpec { Metric = Experiment.Axes.X.Metric, Label = Experiment.Axes.X.Label, Scale = labels.GetValueOrDefault(Experiment.Axes.X.Metric, ("", 1)).Scale },
            Y = new AxisSpec { Metric = Experiment.Axes.Y.Metric, Label = Experiment.Axes.Y.Label, Scale = labels.GetValueOrDefault(Experiment.Axes.Y.Metric, ("", 1)).Scale },
            TaskOnlyMethod = "task_only",
            Base = baseMetrics is null ? null : new BaseModel { Metrics = baseMetrics.Where(m => double.IsFinite(m.Value)).ToDictionary() },
            MethodLabels = MethodLabels,
            MetricLabels = labels.ToDictionary(l => l.Key, l => l.Value.Label),
            MetricScales = labels.ToDictionary(l => l.Key, l => l.Value.Scale),
            CurveFields = ["loss", "task_ce"],
        };
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(spec.Validate(path), StrictJson.WriteOptions));
    }

    static Dictionary<string, string> MethodLabels => MethodRegistry.Names.ToDictionary(n => n, MethodRegistry.Label);
}
