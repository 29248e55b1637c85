using SelGen.Experiments;
using SelGen.Tests.Cli;

namespace SelGen.Tests.Experiments;

/// <summary>A sweep refuses, before writing anything, what would otherwise fail hours later or give a wrong result.</summary>
public class SweepFaultTests
{
    static string Experiment(string dir, string baseModel, string setting = """{"world": "gcd", "eval_ids_per_label": 1}""",
        string x = "ood.aligned", string training = """{"epochs": 1, "lora": {"r": 4, "lora_alpha": 8}}""")
    {
        var path = Path.Combine(dir, "experiment.json");
        File.WriteAllText(path, $$$"""
            {
              "name": "fault test",
              "setting": {{{setting}}},
              "base_model": "{{{baseModel}}}",
              "training": {{{training}}},
              "methods": [{"name": "task_only"}],
              "seeds": [1],
              "axes": {"x": {"metric": "{{{x}}}", "label": "Aligned (%)"}, "y": {"metric": "euclidean.capability", "label": "GCD accuracy (%)"}}
            }
            """);
        return path;
    }

    static void AssertNothingWritten(string dir)
    {
        if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
            Assert.Fail($"{dir} holds {string.Join(", ", Directory.EnumerateFileSystemEntries(dir))}");
    }

    [Fact]
    public void A_gcd_setting_with_the_em_model_fails_at_once_naming_both()
    {
        var dir = Path.Combine(TestModels.TempDir(), "sweep");
        var e = Assert.Throws<SelGenException>(() => Sweep.Prepare(Experiment(TestModels.TempDir(), Cli.Cli.ShippedModel("em-small")), dir));
        Assert.Contains("pretrained on the em world (seed 0)", e.Message);
        Assert.Contains("field 'setting.world' is \"gcd\"", e.Message);
        Assert.Contains("models/gcd-small", e.Message);
        AssertNothingWritten(dir);
    }

    [Fact]
    public void A_model_of_another_world_seed_fails_at_once()
    {
        var dir = Path.Combine(TestModels.TempDir(), "sweep");
        var config = Experiment(TestModels.TempDir(), Cli.Cli.ShippedModel("gcd-small"), setting: """{"world": "gcd", "world_options": {"seed": 7}}""");
        var e = Assert.Throws<SelGenException>(() => Sweep.Prepare(config, dir));
        Assert.Contains("field 'setting.world_options.seed' is 7", e.Message);
        Assert.Contains("set world_options.seed to 0", e.Message);
        AssertNothingWritten(dir);
    }

    [Fact]
    public void The_shipped_models_world_identity_is_known_from_their_pretrain_json()
    {
        Assert.Equal(new WorldIdentity("gcd", 0), ModelWorld.Read(Cli.Cli.ShippedModel("gcd-small")));
        Assert.Equal(new WorldIdentity("em", 0), ModelWorld.Read(Cli.Cli.ShippedModel("em-small")));
        Assert.Equal(new WorldIdentity("toy", null), ModelWorld.Read(Cli.Cli.ShippedModel("toy-tiny")));
        Assert.Null(ModelWorld.Read(TestModels.TempDir()));   // not pretrained here: nothing to check
    }

    [Fact]
    public void An_axis_metric_typo_fails_at_load_with_the_closest_names()
    {
        var dir = Path.Combine(TestModels.TempDir(), "sweep");
        var e = Assert.Throws<SelGenException>(() => Sweep.Prepare(Experiment(TestModels.TempDir(), Cli.Cli.ShippedModel("gcd-small"), x: "ood.aligend"), dir));
        Assert.Contains("field 'axes.x.metric' is \"ood.aligend\"", e.Message);
        Assert.Contains("did you mean \"ood.aligned\"", e.Message);
        AssertNothingWritten(dir);
    }

    [Fact]
    public void A_config_rejected_at_validation_writes_nothing_and_the_corrected_one_is_then_accepted()
    {
        var configDir = TestModels.TempDir();
        var dir = Path.Combine(TestModels.TempDir(), "sweep");
        var model = Cli.Cli.ShippedModel("gcd-small");
        var bad = Experiment(configDir, model, setting: """{"world": "gcd", "eval_ids_per_lable": 1}""");
        Assert.Contains("eval_ids_per_lable", Assert.Throws<SelGenException>(() => Sweep.Prepare(bad, dir)).Message);
        AssertNothingWritten(dir);
        var sweep = Sweep.Prepare(Experiment(configDir, model), dir);
        Assert.Single(sweep.Store.Runs());
    }

    [Fact]
    public void A_duplicate_key_in_an_experiment_file_is_an_error_naming_it()
    {
        var dir = Path.Combine(TestModels.TempDir(), "sweep");
        var config = Experiment(TestModels.TempDir(), Cli.Cli.ShippedModel("gcd-small"), training: """{"epochs": 1, "learning_rate": 0.001, "learning_rate": 10}""");
        var e = Assert.Throws<SelGenException>(() => Sweep.Prepare(config, dir));
        Assert.Contains("key 'learning_rate' appears twice", e.Message);
        AssertNothingWritten(dir);
    }

    [Fact]
    public void A_duplicate_key_inside_the_setting_object_is_an_error_too()
    {
        var config = Experiment(TestModels.TempDir(), Cli.Cli.ShippedModel("gcd-small"), setting: """{"world": "gcd", "world": "em"}""");
        Assert.Contains("key 'world' appears twice", Assert.Throws<SelGenException>(() => Sweep.Prepare(config, TestModels.TempDir())).Message);
    }
}
