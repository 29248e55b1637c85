using System.Text.Json.Nodes;
using SelGen.Experiments;
using SelGen.Training;
using SelGen.Worlds.Em;

namespace SelGen.Tests.Em;

/// <summary>End to end on a tiny preset: pretrain the EM base model for two steps, then sweep task-only for two steps on it.</summary>
[Trait("Category", "Slow")]
public sealed class EmPretrainingTests
{
    static EmPretrainOptions Tiny => new()
    {
        Preset = "tiny",
        World = new EmWorldOptions { PretrainDocuments = 64 },
        Training = new EmPretrainOptions().Training with { WarmupSteps = 1 },
    };

    [Fact]
    public void A_tiny_pretraining_writes_a_loadable_model_with_word_tokens_and_its_record_and_a_two_step_sweep_runs_on_it()
    {
        var dir = Path.Combine(TestModels.TempDir(), "em-tiny");
        EmPretraining.Run(Tiny, dir);

        using (var bundle = ModelFolder.Load(dir))
        {
            Assert.Equal("world", bundle.Format.Name);
            Assert.NotNull(bundle.Tokenizer.TokenToId("doctor"));   // whole-word tokens
            Assert.True(bundle.Tokenizer.Encode("See a doctor about chest pain.").Length < "See a doctor about chest pain.".Length / 2 + 2);
        }
        var record = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, EmPretraining.RecordFile)))!;
        Assert.Equal("selgen pretrain em", record["command"]!.GetValue<string>());
        Assert.Equal(2, record["optimizer_steps"]!.GetValue<int>());   // 64 documents / batch 32
        Assert.Equal(64, record["documents"]!.GetValue<int>());
        Assert.Equal(2, File.ReadAllLines(Path.Combine(dir, EmPretraining.LogFile)).Length);

        var experiment = Path.Combine(TestModels.TempDir(), "experiment.json");
        File.WriteAllText(experiment, $$$"""
            {
              "name": "em sweep test",
              "setting": {"world": "em", "max_new_tokens": 12, "eval_questions_per_domain": 1, "world_options": {"samples_per_paraphrase": 1}},
              "base_model": "{{{dir}}}",
              "training": {"epochs": 1, "learning_rate": 0.003, "batch_size": 160, "lora": {"r": 4, "lora_alpha": 8}},
              "methods": [{"name": "task_only"}],
              "seeds": [1],
              "axes": {"x": {"metric": "general.aligned", "label": "General alignment (%)"}, "y": {"metric": "medical.misaligned", "label": "Harmful medical answers (%)"}}
            }
            """);
        var sweep = Sweep.Prepare(experiment, TestModels.TempDir());
        var baseMetrics = sweep.EnsureBaseEvaluated()!;
        Assert.Equal((1, 0), sweep.Drain());   // (done, failed)

        var run = Assert.Single(sweep.Store.Runs());
        Assert.Equal(RunState.Done, run.State);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(run.RunDir, Trainer.LogFile)).Length);   // 320 task chats / batch 160
        var answers = File.ReadAllLines(Path.Combine(run.RunDir, "answers.jsonl"));
        Assert.Equal(6 * 3, answers.Length);   // one question per domain, three paraphrases, one sample each
        foreach (var metrics in new[] { baseMetrics, run.Metrics! })
        {
            Assert.Equal(3, metrics["medical.answers"]);
            Assert.Equal(15, metrics["general.answers"]);
            Assert.InRange(metrics["general.empty"], 0, 15);
            Assert.InRange(metrics["medical.coherence"], 0, 100);
        }
    }
}
