using SelGen.Experiments;
using Xunit;

namespace SelGen.Tests.Experiments;

public class SweepSeedsTests
{
    static string Experiment(string dir, string seeds, double learningRate = 0.003, string? baseModel = null)
    {
        var path = Path.Combine(dir, "experiment.json");
        File.WriteAllText(path, $$$"""
            {
              "name": "seeds test",
              "setting": {"world": "gcd", "eval_ids_per_label": 1},
              "base_model": "{{{baseModel ?? dir}}}",
              "training": {"epochs": 1, "learning_rate": {{{learningRate.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}, "lora": {"r": 4, "lora_alpha": 8}},
              "methods": [{"name": "task_only"}, {"name": "kl", "grid": {"beta": [1.0]}}],
              "seeds": {{{seeds}}},
              "axes": {"x": {"metric": "ood.aligned", "label": "Aligned (%)"}, "y": {"metric": "euclidean.capability", "label": "GCD accuracy (%)"}}
            }
            """);
        return path;
    }

    [Fact]
    public void An_experiment_that_only_adds_seeds_reopens_the_folder_and_registers_the_new_runs()
    {
        var config = TestModels.TempDir();
        var dir = TestModels.TempDir();
        var first = Sweep.Prepare(Experiment(config, "[1]"), dir).Store.Runs().Select(r => r.Id).ToList();

        var extended = Sweep.Prepare(Experiment(config, "[1, 5, 42]"), dir);

        var ids = extended.Store.Runs().Select(r => r.Id).ToList();
        Assert.Equal(6, ids.Count);
        Assert.Equal(first, ids.Take(2));
        Assert.Equal([1, 5, 42], extended.Experiment.Seeds);
    }

    [Fact]
    public void An_experiment_that_drops_a_seed_or_changes_training_is_refused()
    {
        var config = TestModels.TempDir();
        var dir = TestModels.TempDir();
        Sweep.Prepare(Experiment(config, "[1, 5]"), dir);

        var dropped = Assert.Throws<SelGenException>(() => Sweep.Prepare(Experiment(config, "[5, 42]"), dir));
        Assert.Contains("different experiment", dropped.Message);
        var changed = Assert.Throws<SelGenException>(() => Sweep.Prepare(Experiment(config, "[1, 5, 42]", learningRate: 0.001), dir));
        Assert.Contains("only adds seeds", changed.Message);
    }

    [Fact]
    public void A_sweep_folder_copied_with_its_model_to_another_place_is_resumed_there()
    {
        static string Lay(string root)
        {
            Directory.CreateDirectory(Path.Combine(root, "models", "m"));
            Directory.CreateDirectory(Path.Combine(root, "experiments"));
            return Experiment(Path.Combine(root, "experiments"), "[1]", baseModel: "../models/m");
        }
        var first = TestModels.TempDir();
        var sweepDir = Path.Combine(first, "results", "s");
        Sweep.Prepare(Lay(first), sweepDir);
        Assert.Contains("\"base_model\": \"../../models/m\"", File.ReadAllText(Path.Combine(sweepDir, Sweep.ExperimentFile)));

        var second = TestModels.TempDir();
        var experiment = Lay(second);
        Directory.CreateDirectory(Path.Combine(second, "results", "s"));
        foreach (var file in Directory.GetFiles(sweepDir)) File.Copy(file, Path.Combine(second, "results", "s", Path.GetFileName(file)));

        var moved = Sweep.Prepare(experiment, Path.Combine(second, "results", "s"));
        Assert.Equal(Path.Combine(second, "models", "m"), moved.Experiment.BaseModel);
        Assert.Equal(2, moved.Store.Runs().Count);
    }
}
