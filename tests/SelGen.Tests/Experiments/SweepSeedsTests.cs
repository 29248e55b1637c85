using SelGen.Experiments;
using Xunit;

namespace SelGen.Tests.Experiments;

public class SweepSeedsTests
{
    static string Experiment(string dir, string seeds, double learningRate = 0.003)
    {
        var path = Path.Combine(dir, "experiment.json");
        File.WriteAllText(path, $$$"""
            {
              "name": "seeds test",
              "setting": {"world": "gcd", "eval_ids_per_label": 1},
              "base_model": "{{{dir}}}",
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
}
