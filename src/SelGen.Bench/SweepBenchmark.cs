using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SelGen.Engine;
using SelGen.Experiments;
using SelGen.IO;
using SelGen.Methods;
using SelGen.Reports;
using SelGen.Training;
using static TorchSharp.torch;

namespace SelGen.Bench;

/// <summary>What <c>selgen bench sweep</c> measures and how it projects.</summary>
/// <param name="Sample">Runs to execute (at least one per method; null: one per method).</param>
/// <param name="Workers">Worker processes the projection assumes (threads per worker = cores / workers, as <c>selgen sweep</c>).</param>
/// <param name="CliAssembly">The selgen CLI's assembly, started once with --help to time a worker process's start (null: not timed).</param>
public sealed record SweepBenchSettings(string ConfigPath, int? Sample = null, int Workers = 2, int? ThreadsPerWorker = null, string? WorkDir = null,
    string? CliAssembly = null);

/// <summary>One sampled run: its phase times (seconds) and its optimizer steps.</summary>
public sealed record SweepBenchRun(string Id, string Method, string Knobs, int Seed, int Steps, IReadOnlyDictionary<string, double> Seconds)
{
    public double Total => Seconds.Values.Sum();
}

/// <summary>A method's projected seconds per run (mean over the experiment's runs of it) and how many runs it has.</summary>
public sealed record SweepBenchMethod(string Method, int Runs, double SecondsPerRun);

public sealed record SweepBenchResult(
    string Experiment, int Runs, int Workers, int ThreadsPerWorker, int Cores, string LoadBefore, string LoadAfter,
    double ProjectedMinutes, IReadOnlyDictionary<string, double> Phases, double WorkerStartSeconds,
    IReadOnlyList<SweepBenchMethod> Methods, IReadOnlyList<SweepBenchRun> Sample, string SweepDir)
{
    public JsonObject ToJson() => new()
    {
        ["experiment"] = Experiment,
        ["runs"] = Runs,
        ["workers"] = Workers,
        ["threads_per_worker"] = ThreadsPerWorker,
        ["cores"] = Cores,
        ["load_before"] = LoadBefore,
        ["load_after"] = LoadAfter,
        ["projected_minutes"] = Math.Round(ProjectedMinutes, 2),
        ["phases"] = new JsonObject(Phases.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Math.Round(p.Value, 2)))),
        ["worker_start_seconds"] = Math.Round(WorkerStartSeconds, 2),
        ["methods"] = new JsonArray(Methods.Select(m => (JsonNode?)new JsonObject
        {
            ["method"] = m.Method, ["runs"] = m.Runs, ["seconds_per_run"] = Math.Round(m.SecondsPerRun, 1),
        }).ToArray()),
        ["sample"] = new JsonArray(Sample.Select(r => (JsonNode?)new JsonObject
        {
            ["run"] = r.Id, ["method"] = r.Method, ["knobs"] = JsonNode.Parse(r.Knobs), ["seed"] = r.Seed, ["steps"] = r.Steps,
            ["seconds"] = new JsonObject(r.Seconds.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Math.Round(p.Value, 2)))),
        }).ToArray()),
        ["sweep_dir"] = SweepDir,
    };
}

/// <summary>
/// Runs a sample of an experiment's runs through the real sweep machinery (Sweep.Prepare, the base
/// evaluation, Drain, the report) in this process, with the thread count a worker of a W-worker sweep gets,
/// times each phase (<see cref="PhaseTimes"/>), and projects the whole experiment's wall time with W workers.
/// Projection: each run of the grid costs its method's measured non-training seconds plus its measured
/// training seconds scaled by the run's optimizer steps (Mixed's p changes the epoch's length); the runs are
/// dealt to W workers longest first (each worker first pays the process start, JIT and set-up measured
/// here); before them the coordinator evaluates the base model, after them it writes the report.
/// Assumes W workers on W·threads cores run as fast as one does alone: a shared or loaded machine is slower.
/// </summary>
public static class SweepBenchmark
{
    public static readonly IReadOnlyList<string> PhaseOrder =
        ["process_start", "start_and_jit", "setup", "base_evaluation", "model_load", "reference_precompute", "training", "checkpoint", "generation", "scoring", "other", "report"];

    public static SweepBenchResult Run(SweepBenchSettings settings, Action<string>? log = null)
    {
        if (settings.Workers < 1) throw new SelGenException("bench sweep: --workers must be at least 1");
        string loadBefore = LoadAverage();
        double processStart = settings.CliAssembly is null ? 0 : ProcessStart(settings.CliAssembly);
        int cores = Environment.ProcessorCount;
        int threads = settings.ThreadsPerWorker ?? Math.Max(1, cores / settings.Workers);
        if (threads < 1) throw new SelGenException("bench sweep: --threads must be at least 1");
        set_num_threads(threads);

        var configPath = Path.GetFullPath(settings.ConfigPath);
        var experiment = ExperimentConfig.Load(configPath);
        var configDir = Path.GetDirectoryName(configPath)!;
        var sample = Choose(experiment, settings.Sample, configPath);
        var workDir = settings.WorkDir ?? Directory.CreateTempSubdirectory("selgen-bench-sweep-").FullName;
        var sampleConfig = Path.Combine(workDir, "sample-experiment.json");
        Directory.CreateDirectory(workDir);
        File.WriteAllText(sampleConfig, SampleExperiment(experiment, sample, configDir).ToJsonString(StrictJson.WriteOptions));
        var sweepDir = Path.Combine(workDir, "sweep");

        var recorder = PhaseTimes.Start();
        try
        {
            using (PhaseTimes.Subject("worker"))
            using (PhaseTimes.Measure("start_and_jit"))
                WarmUp();
            Sweep sweep;
            using (PhaseTimes.Subject("worker"))
            using (PhaseTimes.Measure("setup"))
                sweep = Sweep.Prepare(sampleConfig, sweepDir);
            log?.Invoke($"bench sweep: {sample.Count} of {experiment.Jobs().Count} runs, {threads} thread(s) (as one of {settings.Workers} workers on {cores} cores), in {sweepDir}");
            if (sweep.Experiment.EvaluateBase)
            {
                log?.Invoke("evaluating the base model...");
                sweep.EnsureBaseEvaluated();
            }
            var (done, failed) = sweep.Drain((job, p) => { if (p.Phase == "evaluate") log?.Invoke($"  {job.Method} {RunJob.DescribeKnobs(job.KnobsJson)}: evaluating"); });
            if (failed > 0)
            {
                var errors = sweep.Store.Runs().Where(r => r.State == RunState.Failed).Select(r => $"{r.Method}: {r.Error?.Split('\n')[0]}");
                throw new SelGenException($"bench sweep: {failed} sampled run(s) failed: {string.Join("; ", errors)} (folder {sweepDir})");
            }
            using (PhaseTimes.Subject("coordinator"))
            using (PhaseTimes.Measure("report"))
                ReportWriter.Write(sweep.Dir);
            recorder.Stop();
            return Project(experiment, sweep, recorder, processStart, settings.Workers, threads, cores, loadBefore, configDir);
        }
        finally
        {
            recorder.Stop();
        }
    }

    /// <summary>One run per method (its middle grid point, first seed), then further grid points in turn up to <paramref name="count"/>.</summary>
    public static IReadOnlyList<RunJob> Choose(ExperimentConfig experiment, int? count, string source)
    {
        int seed = experiment.Seeds[0];
        var perMethod = experiment.Methods.Select(m =>
        {
            var points = m.Expand().ToList();
            // Middle first, then outward: the sample's first pick is a typical strength, not an extreme one.
            var order = Enumerable.Range(0, points.Count).OrderBy(i => Math.Abs(i - points.Count / 2)).ThenBy(i => i);
            return new Queue<RunJob>(order.Select(i => new RunJob(m.Name, points[i], seed)));
        }).ToList();
        int available = perMethod.Sum(q => q.Count);
        int n = count ?? perMethod.Count;
        if (n < perMethod.Count)
            throw new SelGenException($"bench sweep: --sample {n} is too small; {source} has {perMethod.Count} methods and every one must be represented (use --sample {perMethod.Count} or more)");
        if (n > available)
            throw new SelGenException($"bench sweep: --sample {n} is more than the {available} method settings of {source} (the sample uses the first seed only)");
        var chosen = new List<RunJob>();
        while (chosen.Count < n)
            foreach (var q in perMethod)
                if (chosen.Count < n && q.Count > 0) chosen.Add(q.Dequeue());
        return chosen;
    }

    /// <summary>The experiment reduced to the sampled runs (each method entry with its knobs fixed), paths made absolute.</summary>
    static JsonObject SampleExperiment(ExperimentConfig experiment, IReadOnlyList<RunJob> sample, string configDir)
    {
        var setting = (JsonObject)experiment.Setting.DeepClone();
        if (setting["data_dir"] is JsonValue v && v.TryGetValue<string>(out var data)) setting["data_dir"] = Path.GetFullPath(Path.Combine(configDir, data));
        var json = JsonSerializer.SerializeToNode(experiment with
        {
            Name = experiment.Name + " (bench sample)",
            BaseModel = Path.GetFullPath(Path.Combine(configDir, experiment.BaseModel)),
            Setting = setting,
            Seeds = [sample[0].Seed],
            Methods = sample.Select(j => new MethodGrid { Name = j.Method, Fixed = JsonNode.Parse(j.KnobsJson)!.AsObject() }).ToList(),
        }, StrictJson.WriteOptions)!.AsObject();
        return json;
    }

    /// <summary>Wall time of starting the CLI as a worker is started (dotnet ASSEMBLY), up to its exit after printing its help.</summary>
    static double ProcessStart(string cliAssembly)
    {
        var info = new ProcessStartInfo("dotnet") { ArgumentList = { cliAssembly, "--help" }, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new SelGenException($"bench sweep: could not start 'dotnet {cliAssembly}'");
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>A few steps and tokens of a tiny model: loads libtorch, compiles the fused AdamW's script and JIT-compiles the loop.</summary>
    static void WarmUp()
    {
        using var model = new DecoderLM(new ModelConfig
        {
            VocabSize = 16, HiddenSize = 16, IntermediateSize = 32, NumHiddenLayers = 1, NumAttentionHeads = 2, NumKeyValueHeads = 1,
            HeadDim = 8, MaxPositionEmbeddings = 32, TieWordEmbeddings = true,
        });
        var example = new Example([1, 2, 3, 4, 5, 6], [false, false, false, true, true, true]);
        var data = new TrainingData([example, example], [new AlignmentItem(example, example)], 0);
        Trainer.Run(model, new TrainingConfig { Epochs = 1, BatchSize = 2, WarmupSteps = 0, Lora = new Engine.Lora.LoraConfig { R = 2, Alpha = 4 } }, new TaskOnly(), data);
        var tokenizer = Text.WorldTokenizer.Build([]);
        new Generation.TextGenerator(model, tokenizer).Generate([[1, 2, 3]], Generation.GenerationOptions.GreedyDecoding(4));
    }

    static SweepBenchResult Project(ExperimentConfig experiment, Sweep sweep, PhaseTimes recorder, double processStart, int workers, int threads, int cores,
        string loadBefore, string configDir)
    {
        var times = recorder.BySubject;
        var records = sweep.Store.Runs().ToDictionary(r => r.Id);
        var sample = times.Where(t => records.ContainsKey(t.Key)).Select(t =>
        {
            var r = records[t.Key];
            var steps = File.ReadAllLines(Path.Combine(sweep.Dir, r.RunDir, Trainer.LogFile)).Length;
            return new SweepBenchRun(r.Id, r.Method, r.KnobsJson, r.Seed, steps, t.Value);
        }).ToList();

        // Optimizer steps of every run of the full grid, from the training set each method passes over.
        using var bundle = ModelFolder.Load(Path.GetFullPath(Path.Combine(configDir, experiment.BaseModel)));
        var data = SettingRegistry.Create(experiment.Setting, configDir).TrainingData(bundle);
        int Steps(RunJob job) => Trainer.TotalSteps(experiment.Training, MethodRegistry.Create(job.Method, JsonNode.Parse(job.KnobsJson)!.AsObject()), data);

        var estimates = new List<(string Method, double Seconds)>();
        foreach (var job in experiment.Jobs())
        {
            var measured = sample.Where(s => s.Method == job.Method).ToList();
            int steps = Steps(job);
            double seconds = measured.Average(s =>
            {
                double training = s.Seconds.GetValueOrDefault("training");
                return s.Total - training + training * steps / Math.Max(1, s.Steps);
            });
            estimates.Add((job.Method, seconds));
        }

        double Of(string subject, string? phase = null) =>
            times.TryGetValue(subject, out var p) ? (phase is null ? p.Values.Sum() : p.GetValueOrDefault(phase)) : 0;
        double workerStart = processStart + Of("worker");
        // Longest first onto the least loaded worker (LPT): what claiming in any order gives at best.
        var load = new double[workers];
        foreach (var e in estimates.OrderByDescending(e => e.Seconds))
        {
            int w = Array.IndexOf(load, load.Min());
            load[w] += e.Seconds;
        }
        double baseEvaluation = Of("base");
        double report = Of("coordinator", "report");
        double projected = processStart + Of("worker", "setup") + baseEvaluation + workerStart + load.Max() + report;

        var phases = new Dictionary<string, double>
        {
            ["process_start"] = processStart,
            ["start_and_jit"] = Of("worker", "start_and_jit"),
            ["setup"] = Of("worker", "setup"),
            ["base_evaluation"] = baseEvaluation,
        };
        foreach (var run in sample)
            foreach (var (phase, s) in run.Seconds)
                phases[phase] = phases.GetValueOrDefault(phase) + s;
        phases["report"] = report;
        var ordered = phases.OrderBy(p => PhaseOrder.Contains(p.Key) ? PhaseOrder.ToList().IndexOf(p.Key) : PhaseOrder.Count).ToDictionary();
        var methods = estimates.GroupBy(e => e.Method).Select(g => new SweepBenchMethod(g.Key, g.Count(), g.Average(e => e.Seconds))).ToList();
        return new SweepBenchResult(experiment.Name, estimates.Count, workers, threads, cores, loadBefore, LoadAverage(), projected / 60, ordered,
            workerStart, methods, sample, sweep.Dir);
    }

    /// <summary>The 1, 5 and 15 minute load averages (/proc/loadavg), to read a measurement against what else ran.</summary>
    public static string LoadAverage()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
        catch (UnauthorizedAccessException) { return "unknown"; }
    }

    public static string Format(double seconds) => seconds.ToString("F1", CultureInfo.InvariantCulture);
}
