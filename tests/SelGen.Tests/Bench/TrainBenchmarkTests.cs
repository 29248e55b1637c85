using System.Text.Json.Nodes;
using SelGen.Bench;
using SelGen.Engine;

namespace SelGen.Tests.Bench;

public class TrainBenchmarkTests
{
    static readonly TrainBenchSettings Tiny = new()
    {
        Preset = "tiny", Steps = 2, Warmup = 1, Batch = 2, Seq = 16, Threads = 1, Vocab = 64, MatmulSize = 64,
    };

    [Fact]
    public void Tiny_train_benchmark_prints_every_json_field_with_positive_values()
    {
        var json = JsonNode.Parse(TrainBenchmark.Run(Tiny).ToJson().ToJsonString())!.AsObject();

        Assert.Equal("tiny", json["preset"]!.GetValue<string>());
        Assert.Equal(64, json["config"]!["vocab_size"]!.GetValue<int>());
        Assert.Equal("qwen3", json["config"]!["model_type"]!.GetValue<string>());
        Assert.Equal(2, json["batch"]!.GetValue<int>());
        Assert.Equal(16, json["seq"]!.GetValue<int>());
        Assert.Equal(1, json["threads"]!.GetValue<int>());
        Assert.Equal(2, json["steps"]!.GetValue<int>());
        foreach (var field in new[] { "tokens_per_s", "gflops", "peak_mem_mb", "matmul_gflops", "forward_ms", "backward_ms", "optimizer_ms" })
            Assert.True(json[field]!.GetValue<double>() > 0, $"{field} = {json[field]}");
    }

    [Fact]
    public void Training_starts_at_the_loss_of_a_uniform_guess()
    {
        // Initial logits are near zero (weights N(0, 0.02)), so the first loss is close to ln V.
        var result = TrainBenchmark.Run(Tiny with { Warmup = 0, MatmulSize = 0 });

        Assert.InRange(result.LossFirst, Math.Log(64) - 0.1, Math.Log(64) + 0.1);
        Assert.Equal(0, result.MatmulGflops);
    }

    [Fact]
    public void Result_json_reads_back_to_the_same_result()
    {
        var result = TrainBenchmark.Run(Tiny with { MatmulSize = 0 });

        var back = TrainBenchResult.FromJson(result.ToJson(), "test");

        Assert.Equal(result.ToJson().ToJsonString(), back.ToJson().ToJsonString());
    }

    [Fact]
    public void Result_json_without_a_field_is_an_error_naming_it()
    {
        var json = TrainBenchmark.Run(Tiny with { MatmulSize = 0 }).ToJson();
        json.Remove("tokens_per_s");

        var e = Assert.Throws<SelGenException>(() => TrainBenchResult.FromJson(json, "reference.json"));
        Assert.Contains("reference.json", e.Message);
        Assert.Contains("tokens_per_s", e.Message);
    }

    [Fact]
    public void Flops_of_a_training_step_follow_the_stated_formula()
    {
        var c = Presets.Get("tiny", vocabSize: 100);   // C 64, L 4, H 4, Hkv 2, hd 16, I 192

        // per layer: q 64·64 + k,v 2·64·32 + o 64·64 + mlp 3·64·192 = 49152; ×4 layers + output 100·64
        Assert.Equal(4 * 49152 + 6400, FlopCount.MatmulParameters(c));
        // 6·N·B·T + 12·L·B·T²·H·hd with B 2, T 8
        Assert.Equal(6.0 * 203008 * 16 + 12.0 * 4 * 2 * 64 * 4 * 16, FlopCount.TrainingStep(c, batch: 2, seq: 8));
    }

    [Fact]
    public void Unknown_preset_is_an_error_listing_the_presets()
    {
        var e = Assert.Throws<SelGenException>(() => TrainBenchmark.Run(Tiny with { Preset = "huge" }));
        Assert.Contains("tiny, small, base", e.Message);
    }

    [Fact]
    public void Sequence_of_one_token_is_an_error_naming_seq()
    {
        var e = Assert.Throws<SelGenException>(() => (Tiny with { Seq = 1 }).Validate());
        Assert.Contains("seq", e.Message);
    }

    [Fact]
    public void Peak_resident_memory_is_read_from_proc()
    {
        Assert.True(ProcessMemory.PeakResidentMb() > 1);
    }
}
