using System.Text.Json.Nodes;
using SelGen.Experiments;
using SelGen.Methods;

namespace SelGen.Tests.Methods;

/// <summary>Every method's options record checks itself, cross-field rules included, when it is read.</summary>
public class MethodOptionsTests
{
    [Theory]
    [InlineData("safe_lora", "{}", "give exactly one of 'threshold'")]
    [InlineData("safe_lora", """{"k": 3, "threshold": 0.1}""", "give exactly one of 'threshold'")]
    [InlineData("safe_lora", """{"k": 0}""", "field 'k' is 0; it must be at least 1")]
    [InlineData("safe_lora", """{"threshold": 2}""", "field 'threshold' is 2")]
    [InlineData("safe_lora", """{"source": "aligned_model", "k": 3}""", "needs field 'aligned_model'")]
    [InlineData("olora", """{"proxy_epochs": 0}""", "field 'proxy_epochs' is 0")]
    [InlineData("dpo", """{"beta": 0}""", "field 'beta' is 0; it must be a finite positive number")]
    [InlineData("upweight", """{"lambda_neg": -1}""", "field 'lambda_neg' is -1")]
    [InlineData("representation", """{"layers": [0]}""", "a layer number ≥ 1")]
    [InlineData("mixed", """{"p": 1}""", "field 'p' is 1; it must be in (0, 1)")]
    [InlineData("divdis", """{"heads": 1}""", "field 'heads' is 1")]
    [InlineData("steering", """{"variant": "ablation", "alpha": 2}""", "share of the projection removed")]
    public void A_bad_option_is_refused_when_the_method_is_made_naming_method_and_field(string name, string options, string expected)
    {
        var e = Assert.Throws<SelGenException>(() => MethodRegistry.Create(name, JsonNode.Parse(options)!.AsObject()));
        Assert.Contains($"method '{name}'", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void An_experiment_whose_safe_lora_lacks_k_and_threshold_fails_when_the_file_is_loaded()
    {
        var path = Path.Combine(TestModels.TempDir(), "experiment.json");
        File.WriteAllText(path, """
            {
              "name": "bad safe lora",
              "setting": {"world": "gcd"},
              "base_model": "model",
              "methods": [{"name": "task_only"}, {"name": "safe_lora", "grid": {"proxy_epochs": [1, 2]}}],
              "axes": {"x": {"metric": "ood.aligned", "label": "a"}, "y": {"metric": "euclidean.capability", "label": "c"}}
            }
            """);

        var e = Assert.Throws<SelGenException>(() => ExperimentConfig.Load(path));

        Assert.Contains("methods[1]", e.Message);
        Assert.Contains("exactly one of 'threshold'", e.Message);
    }

    [Fact]
    public void Every_registered_method_has_a_label_for_reports()
    {
        Assert.All(MethodRegistry.Names, n => Assert.NotEqual(n, MethodRegistry.Label(n)));
        Assert.Equal("KL penalty (β)", MethodRegistry.Label("kl"));
    }
}
