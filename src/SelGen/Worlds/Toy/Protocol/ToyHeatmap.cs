using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SelGen.Engine.Checkpoints;
using SelGen.Experiments;
using SelGen.IO;
using SelGen.Methods;
using SelGen.Worlds.Toy.Scoring;
using static TorchSharp.torch;

namespace SelGen.Worlds.Toy.Protocol;

/// <summary>What to run: the pretrained model, seeds, proxy sizes, and where results and phase-1 models go.</summary>
public sealed record ToyHeatmapRequest
{
    public required string ModelDir { get; init; }
    public required string OutDir { get; init; }
    public IReadOnlyList<int> Seeds { get; init; } = [1, 5, 42, 7];
    public IReadOnlyList<int> ProxySizes { get; init; } = [1, 5];
    public ToyProtocolOptions Options { get; init; } = new();
    /// <summary>Phase-1 models (large, not results); default OUT/work.</summary>
    public string? WorkDir { get; init; }

    public string Work => WorkDir ?? Path.Combine(OutDir, "work");
}

/// <summary>
/// Runs the toy protocol as the study's heat maps. Per seed: phase 1 once (the model is kept in the work
/// folder), its scores as the "base" row; phase 2 as the "none" row; then phase 3 for every proxy size and
/// proxy category. Every cell is written atomically to OUT/cells/... when done, and a re-run skips finished
/// cells, so a kill loses at most the cell in progress. Seeds run outermost: a run cut short leaves complete
/// maps over fewer seeds. Then the maps, their figures, the semantic distances and the recovery plots.
/// </summary>
public static class ToyHeatmap
{
    public const string BaseRow = "base", ConfigFile = "heatmap.json";

    public static string CellPath(string outDir, string row, int? size, int seed) =>
        size is int k ? Path.Combine(outDir, "cells", $"triggers-{k}", row, $"seed-{seed}.json")
                      : Path.Combine(outDir, "cells", row, $"seed-{seed}.json");

    public static void Run(ToyHeatmapRequest request, Action<string>? log = null)
    {
        log ??= _ => { };
        var options = request.Options.Validate();
        foreach (var k in request.ProxySizes)
            if (!options.World.ProxySizes.Contains(k))
                throw new SelGenException($"proxy size {k} is not among the world's proxy_sizes [{string.Join(", ", options.World.ProxySizes)}]; add it there");
        if (request.Seeds.Count == 0 || request.Seeds.Distinct().Count() != request.Seeds.Count)
            throw new SelGenException("seeds: give at least one seed, each once");
        foreach (var file in new[] { HfCheckpoint.ConfigFile, HfCheckpoint.WeightsFile, ModelFolder.TokenizerFileName })
            if (!File.Exists(Path.Combine(request.ModelDir, file)))
                throw new SelGenException($"{Path.Combine(request.ModelDir, file)}: no such file; --model must be a pretrained toy model folder (selgen pretrain toy --out DIR makes one)");
        string hash = ConfigHash(options, request.ModelDir);
        WriteConfig(request, hash);
        var clock = Stopwatch.StartNew();
        string Elapsed() => clock.Elapsed.ToString(@"hh\:mm\:ss");

        foreach (var seed in request.Seeds)
        {
            var world = ToyWorld.Generate(options.World with { Seed = seed });
            // Trained (or found) only when a cell of this seed still needs it.
            var phase1 = new Lazy<string>(() => Phase1Model(request, options, world, seed, log));

            Cell(request.OutDir, BaseRow, null, seed, hash, log, Elapsed, () =>
            {
                using var bundle = ModelFolder.Load(phase1.Value);
                var checks = new Dictionary<string, IReadOnlyDictionary<string, CategoryCount>>
                {
                    [world.Phase1NewPoints.Name] = ToyCellResult.Counts(ToyPhases.Evaluate(bundle, world.Phase1NewPoints, options.EvalBatchSize)),
                    [world.Phase1HeldOut.Name] = ToyCellResult.Counts(ToyPhases.Evaluate(bundle, world.Phase1HeldOut, options.EvalBatchSize)),
                };
                var record = JsonNode.Parse(File.ReadAllText(Path.Combine(phase1.Value, Phase1Record)))!;
                return Result(BaseRow, null, seed, [], new JsonObject { ["name"] = "task_only" }, bundle, world, options, checks,
                    record["optimizer_steps"]!.GetValue<int>(), record["final_loss"]?.GetValue<double>(), hash);
            });

            Cell(request.OutDir, HeatMap.NarrowOnlyRow, null, seed, hash, log, Elapsed, () =>
            {
                using var bundle = ModelFolder.Load(phase1.Value);
                var run = ToyPhases.Train(bundle, options.Update, new TaskOnly(), world.Phase2Train, []);
                return Result(HeatMap.NarrowOnlyRow, null, seed, [], new JsonObject { ["name"] = "task_only" }, bundle, world, options,
                    new Dictionary<string, IReadOnlyDictionary<string, CategoryCount>>(), run.Steps, FinalLoss(run), hash);
            });

            foreach (var size in request.ProxySizes)
                foreach (var category in ToyCategories.ProxyCandidates)
                    Cell(request.OutDir, category.Key(), size, seed, hash, log, Elapsed, () =>
                    {
                        using var bundle = ModelFolder.Load(phase1.Value);
                        var proxy = world.Proxy(category, size);
                        var (method, spec) = options.Phase3Method(world.Phase2Train.Count, proxy.Items.Count);
                        var run = ToyPhases.Train(bundle, options.Update, method, world.Phase2Train, proxy.Items);
                        var check = new ToyEvaluationSet(world.ProxyTriggerCheck.Name, FVersion.Updated,
                            world.ProxyTriggerCheck.Items.Where(i => proxy.Triggers.Contains(i.Trigger)).ToList());
                        var checks = new Dictionary<string, IReadOnlyDictionary<string, CategoryCount>>
                        {
                            ["proxy_trigger_check"] = ToyCellResult.Counts(ToyPhases.Evaluate(bundle, check, options.EvalBatchSize)),
                        };
                        return Result(category.Key(), size, seed, proxy.Triggers, spec, bundle, world, options, checks, run.Steps, FinalLoss(run), hash);
                    });
        }
        log($"[{Elapsed()}] all cells done; writing maps and figures to {request.OutDir}");
        ToyHeatmapReport.Write(request, options);
    }

    static double? FinalLoss(Training.TrainingResult run) => run.Log.Count > 0 ? run.Log[^1].Terms["loss"] : null;

    static void Cell(string outDir, string row, int? size, int seed, string hash, Action<string> log, Func<string> elapsed, Func<ToyCellResult> compute)
    {
        var path = CellPath(outDir, row, size, seed);
        string name = size is int k ? $"triggers-{k} {row}" : row;
        if (File.Exists(path))
        {
            var existing = StrictJson.Load<ToyCellResult>(path);
            if (existing.ConfigHash != hash)
                throw new SelGenException($"{path} was made with other options or another base model (config hash {existing.ConfigHash}, now {hash}); use a new --out, or delete the old cells");
            log($"[{elapsed()}] seed {seed} {name}: done before, skipped");
            return;
        }
        var clock = Stopwatch.StartNew();
        var result = compute() with { WallSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1) };
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(result, StrictJson.WriteOptions) + "\n");
        log($"[{elapsed()}] seed {seed} {name}: " + string.Join("  ", result.Evaluation.Select(kv => $"{kv.Key} {kv.Value.Accuracy:F2}")) + $"  ({result.WallSeconds:F0} s)");
    }

    static ToyCellResult Result(string row, int? size, int seed, IReadOnlyList<string> proxyTriggers, JsonObject method, ModelBundle bundle, ToyWorldData world,
        ToyProtocolOptions options, IReadOnlyDictionary<string, IReadOnlyDictionary<string, CategoryCount>> checks, int steps, double? loss, string hash)
    {
        var (accuracy, answers) = ToyPhases.Score(bundle, world.Evaluation, options.EvalBatchSize);
        return new()
        {
            Row = row,
            ProxySize = size,
            Seed = seed,
            ProxyTriggers = proxyTriggers,
            Method = method,
            Evaluation = ToyCellResult.Counts(accuracy),
            Answers = answers,
            Checks = checks,
            OptimizerSteps = steps,
            FinalLoss = loss,
            Threads = get_num_threads(),
            ConfigHash = hash,
            CodeVersion = SelGen.CodeVersion.Current,
        };
    }

    const string Phase1Record = "phase1.json";

    /// <summary>The seed's phase-1 model folder, trained now unless a finished one is there (resumable from its run checkpoint).</summary>
    static string Phase1Model(ToyHeatmapRequest request, ToyProtocolOptions options, ToyWorldData world, int seed, Action<string> log)
    {
        // Keyed by what phase 1 depends on only, so that runs differing in later phases share the phase-1 models.
        var phase1Options = new ToyProtocolOptions { World = options.World, Phase1 = options.Phase1 };
        var dir = Path.Combine(request.Work, ConfigHash(phase1Options, request.ModelDir), $"phase1-seed-{seed}");
        if (File.Exists(Path.Combine(dir, Phase1Record))) return dir;
        log($"seed {seed}: phase 1 ({world.Phase1Train.Count} items, {options.Phase1.Epochs} epochs)");
        var clock = Stopwatch.StartNew();
        using var bundle = ModelFolder.Load(request.ModelDir);
        var run = ToyPhases.Train(bundle, options.Phase1, new TaskOnly(), world.Phase1Train, [], dir + ".run",
            step => { if (step.Step % 20 == 0) log($"  phase 1 step {step.Step}/{step.TotalSteps}  loss {step.Terms["loss"]:F4}"); });
        var temporary = dir + ".tmp";
        if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
        HfCheckpoint.Save(bundle.Model, temporary);
        File.Copy(Path.Combine(request.ModelDir, ModelFolder.TokenizerFileName), Path.Combine(temporary, ModelFolder.TokenizerFileName));
        var record = new JsonObject
        {
            ["seed"] = seed, ["optimizer_steps"] = run.Steps, ["final_loss"] = FinalLoss(run),
            ["wall_seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1), ["code_version"] = SelGen.CodeVersion.Current,
        };
        File.WriteAllText(Path.Combine(temporary, Phase1Record), record.ToJsonString());
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.Move(temporary, dir);
        Directory.Delete(dir + ".run", recursive: true);
        return dir;
    }

    /// <summary>Hash of the protocol options and the base model's weights and tokenizer.</summary>
    public static string ConfigHash(ToyProtocolOptions options, string modelDir)
    {
        using var sha = SHA256.Create();
        var optionsJson = CanonicalJson.Write(JsonSerializer.SerializeToNode(options, StrictJson.Options));
        var bytes = Encoding.UTF8.GetBytes(optionsJson)
            .Concat(File.ReadAllBytes(Path.Combine(modelDir, HfCheckpoint.WeightsFile)))
            .Concat(File.ReadAllBytes(Path.Combine(modelDir, ModelFolder.TokenizerFileName))).ToArray();
        return Convert.ToHexStringLower(sha.ComputeHash(bytes))[..12];
    }

    static void WriteConfig(ToyHeatmapRequest request, string hash)
    {
        var config = new JsonObject
        {
            ["model"] = request.ModelDir,
            ["seeds"] = new JsonArray(request.Seeds.Select(s => (JsonNode)s).ToArray()),
            ["triggers"] = new JsonArray(request.ProxySizes.Select(s => (JsonNode)s).ToArray()),
            ["options"] = JsonSerializer.SerializeToNode(request.Options, StrictJson.WriteOptions),
            ["config_hash"] = hash,
            ["code_version"] = SelGen.CodeVersion.Current,
        };
        AtomicFile.WriteAllText(Path.Combine(request.OutDir, ConfigFile), config.ToJsonString(StrictJson.WriteOptions) + "\n");
    }
}
