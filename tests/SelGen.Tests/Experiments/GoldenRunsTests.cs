using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SelGen.Experiments;
using SelGen.Training;

namespace SelGen.Tests.Experiments;

/// <summary>
/// Speed-ups must not change results. One short run of every method on the shipped GCD model (two optimizer
/// steps, a few evaluation ids) is compared with golden-runs.json, written by the code path before the
/// speed-ups (the managed AdamW, the reference recomputed every step, decoding to max_new_tokens for every
/// row). Losses must agree to float noise; metrics, which come from greedy decoding, exactly.
/// Regenerate (only for a deliberate change of results) with SELGEN_WRITE_GOLDEN=1.
/// </summary>
public class GoldenRunsTests
{
    const string Methods = """
        [
          { "name": "task_only" },
          { "name": "mixed", "fixed": { "p": 0.2 } },
          { "name": "upweight", "fixed": { "lambda": 0.5 } },
          { "name": "kl", "fixed": { "beta": 10 } },
          { "name": "representation", "fixed": { "beta": 1 } },
          { "name": "gradient_projection", "fixed": { "mode": "conflict", "scope": "global" } },
          { "name": "dpo", "fixed": { "beta": 0.1, "lambda": 4 } },
          { "name": "safe_lora", "fixed": { "proxy_epochs": 1, "k": 7 } },
          { "name": "olora", "fixed": { "proxy_epochs": 1, "lambda": 0.1 } }
        ]
        """;

    static string GoldenPath([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "golden-runs.json");

    static string ModelDir()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models", "gcd-small");
            if (File.Exists(Path.Combine(candidate, "model.safetensors"))) return candidate;
        }
        throw new InvalidOperationException("models/gcd-small not found above the test assembly");
    }

    /// <summary>Runs the experiment and returns, per method, its metrics and its per-step loss terms.</summary>
    static JsonObject RunAll(string configDir, string sweepDir)
    {
        var path = Path.Combine(configDir, "golden.json");
        File.WriteAllText(path, $$"""
            {
              "name": "golden runs",
              "setting": { "world": "gcd", "proxy": "capitals", "max_new_tokens": 120, "eval_ids_per_label": 1 },
              "base_model": "{{ModelDir()}}",
              "training": { "epochs": 1, "learning_rate": 0.001, "batch_size": 32, "warmup_steps": 0,
                            "lora": { "r": 8, "lora_alpha": 16, "use_rslora": true } },
              "methods": {{Methods}},
              "seeds": [1],
              "evaluate_base": false,
              "axes": { "x": { "metric": "ood.aligned", "label": "aligned" }, "y": { "metric": "euclidean.capability", "label": "GCD" } }
            }
            """);
        var sweep = Sweep.Prepare(path, sweepDir);
        var (done, failed) = sweep.Drain();
        Assert.Equal((9, 0), (done, failed));
        var result = new JsonObject();
        foreach (var run in sweep.Store.Runs().OrderBy(r => r.Method, StringComparer.Ordinal))
        {
            var dir = Path.Combine(sweep.Dir, run.RunDir);
            var metrics = new JsonObject();
            foreach (var (k, v) in RunExecutor.ReadMetrics(dir)!.OrderBy(m => m.Key, StringComparer.Ordinal))
                metrics[k] = double.IsFinite(v) ? v : null;
            var steps = new JsonArray(File.ReadAllLines(Path.Combine(dir, Trainer.LogFile)).Select(l => (JsonNode?)JsonNode.Parse(l)).ToArray());
            result[run.Method] = new JsonObject { ["metrics"] = metrics, ["steps"] = steps };
        }
        return result;
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Every_method_gives_the_same_losses_and_metrics_as_before_the_speed_ups()
    {
        using var config = new TempDir();
        using var sweep = new TempDir();
        var now = RunAll(config.Path, sweep.Path);
        if (Environment.GetEnvironmentVariable("SELGEN_WRITE_GOLDEN") == "1")
        {
            File.WriteAllText(GoldenPath(), now.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            return;
        }
        var golden = JsonNode.Parse(File.ReadAllText(GoldenPath()))!.AsObject();
        Assert.Equal(golden.Select(g => g.Key), now.Select(n => n.Key));
        foreach (var (method, expected) in golden)
        {
            var actual = now[method]!;
            var expectedSteps = expected!["steps"]!.AsArray();
            var actualSteps = actual["steps"]!.AsArray();
            Assert.Equal(expectedSteps.Count, actualSteps.Count);
            for (int s = 0; s < expectedSteps.Count; s++)
                foreach (var (term, value) in expectedSteps[s]!.AsObject())
                {
                    double e = value!.GetValue<double>(), a = actualSteps[s]![term]!.GetValue<double>();
                    Assert.True(Math.Abs(e - a) <= 1e-4 * Math.Max(1, Math.Abs(e)),
                        $"{method} step {s + 1} {term}: {a.ToString(CultureInfo.InvariantCulture)}, before {e.ToString(CultureInfo.InvariantCulture)}");
                }
            foreach (var (metric, value) in expected["metrics"]!.AsObject())
                Assert.True(JsonNode.DeepEquals(value, actual["metrics"]![metric]),
                    $"{method} {metric}: {actual["metrics"]![metric]?.ToJsonString() ?? "null"}, before {value?.ToJsonString() ?? "null"}");
        }
    }
}
