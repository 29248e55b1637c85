using SelGen.Engine;
using SelGen.Generation;
using SelGen.Text;
using static TorchSharp.torch;

namespace SelGen.Tests.Engine;

/// <summary>Gemma 2, Gemma 3, Llama 3 rope_scaling and sliding windows, checked without PyTorch (see ModelFamilyReferenceTests for the cross-check).</summary>
public class ModelFamilyTests
{
    [Theory]
    [InlineData("gemma2")]
    [InlineData("gemma3_text")]
    [InlineData("llama3")]
    [InlineData("mistral")]
    public void Cached_decoding_in_chunks_equals_the_full_forward_beyond_the_window(string architecture)
    {
        using var scope = NewDisposeScope();
        using var model = ModelFamilies.Random(architecture);
        model.eval();
        using var _ = no_grad();
        var ids = TestModels.RandomIds(2, 12);
        var full = model.Logits(ids);
        using var cache = new KvCache(model.Config.NumHiddenLayers);
        // A prefill, a chunk of 3 after a cached prefix (T > 1 with S > window) and single steps.
        var pieces = new[] { (0, 5), (5, 8), (8, 9), (9, 10), (10, 11), (11, 12) };
        var incremental = cat(pieces.Select(p => model.forward(new ModelInput(ids[.., p.Item1..p.Item2], Cache: cache)).Logits).ToArray(), dim: 1);
        double worst = (full - incremental).abs().max().item<float>();
        Assert.True(worst < 1e-4, $"{architecture}: largest difference {worst:E2}");
        // Sliding layers hold only the window - 1 positions their next query can see; full layers hold all 12.
        Assert.Equal(12, cache.Length);
        for (int i = 0; i < model.Config.NumHiddenLayers; i++)
            Assert.Equal(model.Config.IsSlidingLayer(i) ? ModelFamilies.Window - 1 : 12, cache.Layers[i].Length);
    }

    [Theory]
    [InlineData("gemma2")]
    [InlineData("mistral")]
    public void Batched_left_padded_generation_with_a_window_matches_each_prompt_alone_with_and_without_the_cache(string architecture)
    {
        var tokenizer = WorldTokenizer.Build(["abcdefghijklmnopqrstuvwxyz0123456789 .,!?"]);
        using var model = ModelFamilies.Random(architecture, config: ModelFamilies.Config(architecture) with { VocabSize = tokenizer.VocabSize });
        model.eval();
        var generator = new TextGenerator(model, tokenizer);
        var rng = new Random(5);
        int[][] prompts = [.. new[] { 10, 7, 12 }.Select(n => Enumerable.Range(0, n).Select(_ => rng.Next(tokenizer.VocabSize)).ToArray())];
        var options = GenerationOptions.GreedyDecoding(8);
        var batched = generator.Generate(prompts, options).Select(c => c.TokenIds).ToArray();
        var uncached = generator.Generate(prompts, options with { UseCache = false }).Select(c => c.TokenIds).ToArray();
        var alone = prompts.Select(p => generator.Generate([p], options)[0].TokenIds).ToArray();
        Assert.Equal(alone, batched);
        Assert.Equal(alone, uncached);
    }

    [Theory]
    [InlineData("gemma2")]
    [InlineData("gemma3_text")]
    [InlineData("llama3")]
    [InlineData("mistral")]
    public void A_bfloat16_copy_gives_the_float32_logits_to_bfloat16_precision_with_and_without_the_cache(string architecture)
    {
        using var scope = NewDisposeScope();
        using var model = ModelFamilies.Random(architecture);
        model.eval();
        var dir = TestModels.TempDir();
        SelGen.Engine.Checkpoints.HfCheckpoint.Save(model, dir);
        using var half = SelGen.Engine.Checkpoints.HfCheckpoint.LoadModel(dir, dtype: ScalarType.BFloat16);
        using var _ = no_grad();
        var ids = TestModels.RandomIds(2, 10);
        var full = model.Logits(ids);
        var scale = full.abs().max().item<float>();
        // bf16 keeps 8 significant bits (relative step 2^-8 = 0.4%); errors compound over 3-4 layers.
        var plain = (half.Logits(ids).to_type(ScalarType.Float32) - full).abs().max().item<float>();
        using var cache = new KvCache(half.Config.NumHiddenLayers);
        var first = half.forward(new ModelInput(ids[.., ..6], Cache: cache)).Logits;
        var rest = Enumerable.Range(6, 4).Select(t => half.forward(new ModelInput(ids[.., t..(t + 1)], Cache: cache)).Logits);
        var cached = (cat([first, .. rest], dim: 1).to_type(ScalarType.Float32) - full).abs().max().item<float>();
        Assert.True(plain < 0.05 * scale && cached < 0.05 * scale, $"{architecture}: bf16 differs by {plain:E2} (cached {cached:E2}) on logits up to {scale:F2}");
    }

    [Fact]
    public void A_sliding_layer_ignores_tokens_beyond_its_window_and_a_full_layer_does_not()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var windowed = TestModels.Tiny(1, ModelFamilies.Config("mistral") with { NumHiddenLayers = 1 });
        var full = TestModels.Tiny(1, ModelFamilies.Config("mistral") with { NumHiddenLayers = 1, SlidingWindow = null });
        var ids = TestModels.RandomIds(1, 10);
        var changed = ids.clone();
        changed[0, 0] = (ids[0, 0] + 1) % 37;   // position 0 is outside the window of position 9 (keys 6..9)
        var last = (Tensor l) => l[0, -1];
        Assert.True(last(windowed.Logits(ids)).allclose(last(windowed.Logits(changed)), rtol: 0, atol: 1e-6));
        Assert.False(last(full.Logits(ids)).allclose(last(full.Logits(changed)), rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void Left_padded_rows_of_a_windowed_model_give_the_unpadded_logits()
    {
        using var scope = NewDisposeScope();
        using var model = ModelFamilies.Random("gemma2");
        using var _ = no_grad();
        var ids = TestModels.RandomIds(1, 9);
        var padded = cat([zeros(1, 3, dtype: ScalarType.Int64), ids], dim: 1);
        var mask = cat([zeros(1, 3, dtype: ScalarType.Int64), ones(1, 9, dtype: ScalarType.Int64)], dim: 1);
        var difference = (model.Logits(ids) - model.Logits(padded, mask)[.., 3..]).abs().max().item<float>();
        Assert.True(difference < 1e-4, $"largest difference {difference:E2}");
    }

    [Fact]
    public void Gemma_layers_alternate_as_hugging_face_builds_layer_types()
    {
        var gemma2 = ModelFamilies.Config("gemma2") with { NumHiddenLayers = 4 };
        Assert.Equal([true, false, true, false], Enumerable.Range(0, 4).Select(gemma2.IsSlidingLayer));
        var gemma3 = ModelFamilies.Config("gemma3_text") with { NumHiddenLayers = 12, SlidingWindowPattern = 6 };
        Assert.Equal(Enumerable.Range(0, 12).Select(i => i != 5 && i != 11), Enumerable.Range(0, 12).Select(gemma3.IsSlidingLayer));
        // Gemma 3's local layers use their own base and no scaling; the global ones rope_theta with rope_scaling.
        Assert.Equal((10_000.0, (RopeScaling?)null), gemma3.LayerRope(0));
        Assert.Equal((1_000_000.0, gemma3.RopeScaling), gemma3.LayerRope(5));
    }

    [Fact]
    public void Llama3_rope_scaling_divides_low_frequencies_keeps_high_ones_and_blends_between()
    {
        var scaling = new RopeScaling { RopeType = "llama3", Factor = 8, LowFreqFactor = 1, HighFreqFactor = 4, OriginalMaxPositionEmbeddings = 64 };
        var plain = Rotary.InverseFrequencies(8, 10_000);
        var scaled = Rotary.InverseFrequencies(8, 10_000, scaling);
        // Wavelengths 2π/θ^(-2i/8): 6.3 (< 64/4: kept), 62.8 (between 16 and 64: blended), 628 and 6283 (> 64: divided by 8).
        Assert.Equal(plain[0], scaled[0], 12);
        double smooth = (64 / (2 * Math.PI / plain[1]) - 1) / (4 - 1);
        Assert.Equal((1 - smooth) * plain[1] / 8 + smooth * plain[1], scaled[1], 12);
        Assert.Equal(plain[2] / 8, scaled[2], 12);
        Assert.Equal(plain[3] / 8, scaled[3], 12);
        var linear = Rotary.InverseFrequencies(8, 10_000, new RopeScaling { RopeType = "linear", Factor = 4 });
        Assert.Equal(plain.Select(f => f / 4), linear);
    }

    [Fact]
    public void Published_gemma_2_2b_config_loads_with_its_parameter_count()
    {
        var config = LoadJson("""
            {"architectures": ["Gemma2ForCausalLM"], "attention_bias": false, "attention_dropout": 0.0, "attn_logit_softcapping": 50.0,
             "bos_token_id": 2, "cache_implementation": "hybrid", "eos_token_id": [1, 107], "final_logit_softcapping": 30.0, "head_dim": 256,
             "hidden_act": "gelu_pytorch_tanh", "hidden_activation": "gelu_pytorch_tanh", "hidden_size": 2304, "initializer_range": 0.02,
             "intermediate_size": 9216, "max_position_embeddings": 8192, "model_type": "gemma2", "num_attention_heads": 8,
             "num_hidden_layers": 26, "num_key_value_heads": 4, "pad_token_id": 0, "query_pre_attn_scalar": 256, "rms_norm_eps": 1e-06,
             "rope_theta": 10000.0, "sliding_window": 4096, "torch_dtype": "float32", "transformers_version": "4.42.4", "use_cache": true,
             "vocab_size": 256000}
            """);
        Assert.Equal(2_614_341_888, config.ParameterCount());   // Gemma 2 2B's published size
        Assert.Equal(config.ParameterCount(), SelGen.Experiments.RunPlan.BaseParameters(config));   // what selgen plan charges
        Assert.True(config.TieWordEmbeddings);
        Assert.Equal(1.0 / 16, config.AttentionScale);
        Assert.Equal(4096, config.LayerWindow(0));
        Assert.Null(config.LayerWindow(1));
    }

    [Fact]
    public void Published_gemma_3_1b_config_loads_with_its_parameter_count()
    {
        var config = LoadJson("""
            {"architectures": ["Gemma3ForCausalLM"], "attention_bias": false, "attention_dropout": 0.0, "attn_logit_softcapping": null,
             "bos_token_id": 2, "cache_implementation": "hybrid", "eos_token_id": [1, 106], "final_logit_softcapping": null, "head_dim": 256,
             "hidden_activation": "gelu_pytorch_tanh", "hidden_size": 1152, "initializer_range": 0.02, "intermediate_size": 6912,
             "max_position_embeddings": 32768, "model_type": "gemma3_text", "num_attention_heads": 4, "num_hidden_layers": 26,
             "num_key_value_heads": 1, "pad_token_id": 0, "query_pre_attn_scalar": 256, "rms_norm_eps": 1e-06, "rope_local_base_freq": 10000,
             "rope_scaling": null, "rope_theta": 1000000, "sliding_window": 512, "sliding_window_pattern": 6, "torch_dtype": "bfloat16",
             "transformers_version": "4.50.0.dev0", "use_cache": true, "vocab_size": 262144}
            """);
        Assert.Equal(999_885_952, config.ParameterCount());     // Gemma 3 1B's published size
        Assert.Null(config.AttnLogitSoftcapping);
        Assert.Equal(512, config.LayerWindow(4));
        Assert.Null(config.LayerWindow(5));
    }

    [Fact]
    public void Llama_3_1_rope_scaling_is_read_and_round_trips()
    {
        var config = LoadJson("""
            {"model_type": "llama", "vocab_size": 50, "hidden_size": 32, "intermediate_size": 48, "num_hidden_layers": 1, "num_attention_heads": 4,
             "rope_theta": 500000.0, "rope_scaling": {"factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
             "original_max_position_embeddings": 8192, "rope_type": "llama3"}}
            """);
        Assert.Equal(new RopeScaling { RopeType = "llama3", Factor = 8, LowFreqFactor = 1, HighFreqFactor = 4, OriginalMaxPositionEmbeddings = 8192 }, config.RopeScaling);
        var path = Path.Combine(TestModels.TempDir(), "config.json");
        config.Save(path);
        Assert.Equal(config, ModelConfig.Load(path));
        var gemma = ModelFamilies.Config("gemma3_text");
        gemma.Save(path);
        Assert.Equal(gemma, ModelConfig.Load(path));
    }

    [Theory]
    [InlineData("""{"model_type": "llama", "rope_scaling": {"rope_type": "dynamic", "factor": 2.0}}""", "rope_scaling.rope_type")]
    [InlineData("""{"model_type": "llama", "rope_scaling": {"type": "yarn", "factor": 4.0}}""", "rope_scaling.rope_type")]
    [InlineData("""{"model_type": "gemma2", "layer_types": ["full_attention", "full_attention"], "num_hidden_layers": 2}""", "layer_types")]
    [InlineData("""{"model_type": "qwen2", "use_sliding_window": true, "sliding_window": 4}""", "use_sliding_window")]
    [InlineData("""{"model_type": "llama", "sliding_window": 4}""", "sliding_window")]
    [InlineData("""{"model_type": "phi3"}""", "model_type")]
    [InlineData("""{"model_type": "gemma3", "text_config": {}}""", "model_type")]
    [InlineData("""{"model_type": "gemma3_text", "use_bidirectional_attention": true}""", "use_bidirectional_attention")]
    [InlineData("""{"model_type": "gemma2", "hidden_activation": "gelu"}""", "hidden_activation")]
    public void Unsupported_architecture_settings_are_refused_naming_the_field(string overrides, string field)
    {
        var obj = System.Text.Json.Nodes.JsonNode.Parse("""
            {"vocab_size": 50, "hidden_size": 32, "intermediate_size": 48, "num_hidden_layers": 1, "num_attention_heads": 4}
            """)!.AsObject();
        foreach (var (key, value) in System.Text.Json.Nodes.JsonNode.Parse(overrides)!.AsObject().ToList()) obj[key] = value?.DeepClone();
        var e = Assert.Throws<SelGenException>(() => ModelConfig.FromJson(obj, "config.json"));
        Assert.Contains($"'{field}'", e.Message);
    }

    static ModelConfig LoadJson(string json) => ModelConfig.FromJson(System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject(), "config.json");
}
