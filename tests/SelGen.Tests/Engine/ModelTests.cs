using SelGen.Engine;
using static TorchSharp.torch;

namespace SelGen.Tests.Engine;

public class ModelTests
{
    [Fact]
    public void Forward_returns_logits_and_every_layers_hidden_state_with_the_right_shapes()
    {
        using var scope = NewDisposeScope();
        var model = TestModels.Tiny();
        var output = model.forward(new ModelInput(TestModels.RandomIds(3, 5), OutputHiddenStates: true));
        Assert.Equal([3L, 5, 37], output.Logits.shape);
        Assert.Equal(3, output.HiddenStates!.Count);  // embeddings + 2 layers
        Assert.All(output.HiddenStates, h => Assert.Equal([3L, 5, 32], h.shape));
    }

    [Fact]
    public void Parameter_names_equal_hugging_face_names()
    {
        var model = TestModels.Tiny(config: TestModels.TinyConfig(tied: false));
        var names = model.named_parameters().Select(p => p.name).ToHashSet();
        Assert.Contains("model.embed_tokens.weight", names);
        Assert.Contains("model.layers.0.self_attn.q_proj.weight", names);
        Assert.Contains("model.layers.1.self_attn.k_norm.weight", names);
        Assert.Contains("model.layers.1.mlp.down_proj.weight", names);
        Assert.Contains("model.layers.0.input_layernorm.weight", names);
        Assert.Contains("model.layers.0.post_attention_layernorm.weight", names);
        Assert.Contains("model.norm.weight", names);
        Assert.Contains("lm_head.weight", names);
        Assert.Equal(model.Config.ParameterCount(), model.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void Tied_model_has_no_separate_head()
    {
        var model = TestModels.Tiny();
        Assert.DoesNotContain(model.named_parameters(), p => p.name.StartsWith("lm_head"));
        Assert.Equal(model.Config.ParameterCount(), model.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void Grouped_query_attention_with_as_many_kv_heads_as_heads_equals_plain_multi_head_attention()
    {
        using var scope = NewDisposeScope();
        var config = TestModels.TinyConfig(kvHeads: 4, modelType: "llama") with { NumHiddenLayers = 1 };
        var model = TestModels.Tiny(config: config);
        var ids = TestModels.RandomIds(2, 6);
        var attention = model.model.layers[0].self_attn;
        var x = model.model.layers[0].input_layernorm.forward(model.model.embed_tokens.forward(ids));   // (B, T, C)
        var positions = arange(6L).unsqueeze(0).expand(2, 6);
        var (cos, sin) = Rotary.Tables(positions, 8, config.RopeTheta, ScalarType.Float32);
        var ours = attention.Forward(x, cos, sin, mask: null, cache: null);

        // Textbook multi-head attention, written out: softmax(QKᵀ/√d + causal) V per head.
        Tensor Heads(Tensor t) => t.view(2, 6, 4, 8).transpose(1, 2);                                // (B, H, T, hd)
        var q = Rotary.Apply(Heads(nn.functional.linear(x, attention.q_proj.weight)), cos, sin);
        var k = Rotary.Apply(Heads(nn.functional.linear(x, attention.k_proj.weight)), cos, sin);
        var v = Heads(nn.functional.linear(x, attention.v_proj.weight));
        var scores = q.matmul(k.transpose(-2, -1)) / Math.Sqrt(8);                                    // (B, H, T, T)
        var causal = ones(6, 6).tril().eq(0);
        var weights = scores.masked_fill(causal, double.NegativeInfinity).softmax(-1);
        var expected = nn.functional.linear(weights.matmul(v).transpose(1, 2).reshape(2, 6, 32), attention.o_proj.weight);
        Assert.True(ours.allclose(expected, rtol: 1e-5, atol: 1e-6), $"max diff {(ours - expected).abs().max().item<float>()}");
    }

    [Fact]
    public void Grouped_query_attention_equals_multi_head_attention_with_each_kv_head_repeated()
    {
        using var scope = NewDisposeScope();
        var gqa = TestModels.Tiny(config: TestModels.TinyConfig(kvHeads: 2));
        var mha = TestModels.Tiny(config: TestModels.TinyConfig(kvHeads: 4));
        using (no_grad())
        {
            foreach (var (name, p) in mha.named_parameters())
            {
                var source = gqa.named_parameters().First(q => q.name == name).parameter;
                if (name.EndsWith("k_proj.weight") || name.EndsWith("v_proj.weight"))
                    p.copy_(source.view(2, 8, 32).repeat_interleave(2, dim: 0).reshape(32, 32));  // kv head j serves query heads 2j, 2j+1
                else p.copy_(source);
            }
        }
        var ids = TestModels.RandomIds(2, 7);
        Assert.True(gqa.Logits(ids).allclose(mha.Logits(ids), rtol: 1e-5, atol: 1e-5));
    }

    [Fact]
    public void Cached_incremental_forward_equals_the_full_forward()
    {
        using var scope = NewDisposeScope();
        var model = TestModels.Tiny();
        model.eval();
        var ids = TestModels.RandomIds(2, 9);
        using var _ = no_grad();
        var full = model.Logits(ids);
        using var cache = new KvCache(2);
        var first = model.forward(new ModelInput(ids[.., ..5], Cache: cache)).Logits;
        var steps = new List<Tensor> { first };
        for (int t = 5; t < 9; t++) steps.Add(model.forward(new ModelInput(ids[.., t..(t + 1)], Cache: cache)).Logits);
        var incremental = cat(steps, dim: 1);
        Assert.True(full.allclose(incremental, rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void Left_padded_rows_give_the_same_logits_as_the_unpadded_sequence()
    {
        using var scope = NewDisposeScope();
        var model = TestModels.Tiny();
        var ids = TestModels.RandomIds(1, 5);
        using var _ = no_grad();
        var alone = model.Logits(ids);
        var padded = cat([zeros(1, 3, dtype: ScalarType.Int64), ids], dim: 1);
        var mask = cat([zeros(1, 3, dtype: ScalarType.Int64), ones(1, 5, dtype: ScalarType.Int64)], dim: 1);
        var logits = model.Logits(padded, mask)[.., 3..];
        Assert.True(alone.allclose(logits, rtol: 1e-4, atol: 1e-5));
        Assert.False(model.Logits(padded, mask).isnan().any().item<bool>());
    }

    [Fact]
    public void Config_validation_names_the_bad_field()
    {
        var bad = TestModels.TinyConfig() with { NumKeyValueHeads = 3 };
        var e = Assert.Throws<SelGenException>(() => bad.Validate());
        Assert.Contains("num_key_value_heads", e.Message);
        var odd = TestModels.TinyConfig() with { HeadDim = 7 };
        Assert.Contains("head_dim", Assert.Throws<SelGenException>(() => odd.Validate()).Message);
    }

    [Fact]
    public void Config_json_round_trips_and_missing_fields_are_named()
    {
        var dir = TestModels.TempDir();
        var path = Path.Combine(dir, "config.json");
        var config = TestModels.TinyConfig();
        config.Save(path);
        Assert.Equal(config, ModelConfig.Load(path));

        File.WriteAllText(path, """{"model_type": "llama", "vocab_size": 10, "hidden_size": 8, "intermediate_size": 16, "num_attention_heads": 2}""");
        Assert.Contains("num_hidden_layers", Assert.Throws<SelGenException>(() => ModelConfig.Load(path)).Message);
        File.WriteAllText(path, """{"model_type": "gpt2", "vocab_size": 10, "hidden_size": 8, "intermediate_size": 16, "num_hidden_layers": 1, "num_attention_heads": 2}""");
        Assert.Contains("model_type", Assert.Throws<SelGenException>(() => ModelConfig.Load(path)).Message);
        File.WriteAllText(path, """{"model_type": "llama", "vocab_size": "ten", "hidden_size": 8, "intermediate_size": 16, "num_hidden_layers": 1, "num_attention_heads": 2}""");
        Assert.Contains("vocab_size", Assert.Throws<SelGenException>(() => ModelConfig.Load(path)).Message);
    }

    [Fact]
    public void Hugging_face_defaults_fill_head_dim_and_kv_heads()
    {
        var dir = TestModels.TempDir();
        var path = Path.Combine(dir, "config.json");
        File.WriteAllText(path, """{"model_type": "llama", "vocab_size": 10, "hidden_size": 16, "intermediate_size": 16, "num_hidden_layers": 1, "num_attention_heads": 2, "architectures": ["LlamaForCausalLM"], "bos_token_id": 1}""");
        var config = ModelConfig.Load(path);
        Assert.Equal(8, config.HeadDim);
        Assert.Equal(2, config.NumKeyValueHeads);
    }
}
