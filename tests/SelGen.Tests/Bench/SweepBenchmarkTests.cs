using System.Text.Json.Nodes;
using SelGen.Bench;
using SelGen.Experiments;
using SelGen.Tests.Experiments;

namespace SelGen.Tests.Bench;

public class SweepBenchmarkTests
{
    static string ModelDir()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models", "gcd-small");
            if (File.Exists(Path.Combine(candidate, "model.safetensors"))) return candidate;
        }
        throw new InvalidOperationException("models/gcd-small not found above the test assembly");
    }

    static string Experiment(string dir, string methods)
    {
        var path = Path.Combine(dir, "experiment.json");
        File.WriteAllText(path, $$"""
            {
              "name": "bench test",
              "setting": { "world": "gcd", "eval_ids_per_label": 1, "max_new_tokens": 60 },
              "base_model": "{{ModelDir()}}",
              "training": { "epochs": 1, "learning_rate": 0.001, "batch_size": 32, "warmup_steps": 0, "lora": { "r": 4, "lora_alpha": 8 } },
              "methods": {{methods}},
              "seeds": [1, 5],
              "axes": { "x": { "metric": "ood.aligned", "label": "aligned" }, "y": { "metric": "euclidean.capability", "label": "GCD" } }
            }
            """);
        return path;
    }

    [Fact]
    public void The_sample_has_every_method_at_its_middle_grid_point_first()
    {
        using var dir = new TempDir();
        var config = ExperimentConfig.Load(Experiment(dir.Path, """[{ "name": "task_only" }, { "name": "kl", "grid": { "beta": [0.1, 1, 10] } }]"""));
        var one = SweepBenchmark.Choose(config, null, "e.json");
        Assert.Equal(["task_only", "kl"], one.Select(j => j.Method));
        Assert.Equal(1.0, JsonNode.Parse(one[1].KnobsJson)!["beta"]!.GetValue<double>());
        Assert.All(one, j => Assert.Equal(1, j.Seed));
        var three = SweepBenchmark.Choose(config, 3, "e.json");
        Assert.Equal(0.1, JsonNode.Parse(three[2].KnobsJson)!["beta"]!.GetValue<double>());
        Assert.Contains("every one must be represented", Assert.Throws<SelGenException>(() => SweepBenchmark.Choose(config, 1, "e.json")).Message);
        Assert.Contains("more than the 4", Assert.Throws<SelGenException>(() => SweepBenchmark.Choose(config, 5, "e.json")).Message);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void A_sample_is_timed_phase_by_phase_and_projected_onto_the_whole_grid()
    {
        using var dir = new TempDir();
        var config = Experiment(dir.Path, """[{ "name": "task_only" }, { "name": "kl", "grid": { "beta": [1, 10] } }]""");
        var r = SweepBenchmark.Run(new SweepBenchSettings(config, Workers: 2, ThreadsPerWorker: 1, WorkDir: Path.Combine(dir.Path, "work")));

        Assert.Equal(6, r.Runs);                         // 3 method settings x 2 seeds
        Assert.Equal(2, r.Sample.Count);
        Assert.Equal(["task_only", "kl"], r.Sample.Select(s => s.Method));
        foreach (var phase in new[] { "start_and_jit", "setup", "base_evaluation", "model_load", "training", "generation", "scoring", "report" })
            Assert.True(r.Phases.GetValueOrDefault(phase) > 0, $"phase {phase} was not timed");
        Assert.True(r.Sample[1].Seconds.GetValueOrDefault("reference_precompute") > 0, "KL's reference precompute was not timed");
        Assert.False(r.Sample[0].Seconds.ContainsKey("reference_precompute"));
        Assert.All(r.Sample, s => Assert.Equal(2, s.Steps));
        // Six runs on two workers: at least three runs' worth of time, at most all six one after the other, plus the fixed parts.
        double fixedSeconds = r.Phases["process_start"] + r.Phases["setup"] + r.Phases["base_evaluation"] + r.WorkerStartSeconds + r.Phases["report"];
        double sequential = r.Methods.Sum(m => m.Runs * m.SecondsPerRun);
        Assert.InRange(r.ProjectedMinutes * 60, fixedSeconds + sequential / 2 - 1e-6, fixedSeconds + sequential + 1e-6);
        var json = r.ToJson();
        Assert.NotNull(json["projected_minutes"]);
        Assert.NotNull(json["phases"]!["training"]);
    }
}
