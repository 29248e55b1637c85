using System.Text.Json.Nodes;
using SelGen.Engine;
using SelGen.Engine.Checkpoints;
using SelGen.Engine.Lora;
using TorchSharp;
using static TorchSharp.torch;

namespace SelGen.Tests.Engine;

public class CheckpointTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Save_then_load_round_trips_every_weight_exactly(bool tied)
    {
        using var scope = NewDisposeScope();
        var model = TestModels.Tiny(config: TestModels.TinyConfig(tied: tied, modelType: tied ? "qwen3" : "qwen2"));
        var dir = TestModels.TempDir();
        HfCheckpoint.Save(model, dir);
        var loaded = HfCheckpoint.LoadModel(dir);
        Assert.Equal(model.Config, loaded.Config);
        var theirs = loaded.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in model.named_parameters())
            Assert.True(p.Identical(theirs[name]), name);
        var ids = TestModels.RandomIds(2, 5);
        Assert.True(model.Logits(ids).Identical(loaded.Logits(ids)));
    }

    [Fact]
    public void Bf16_save_and_load_keep_the_dtype()
    {
        var model = TestModels.Tiny();
        model.to(ScalarType.BFloat16);
        var dir = TestModels.TempDir();
        HfCheckpoint.Save(model, dir);
        Assert.Equal("BF16", SafeTensors.ReadHeader(Path.Combine(dir, "model.safetensors")).Entries["model.norm.weight"].DType);
        var loaded = HfCheckpoint.LoadModel(dir, dtype: ScalarType.BFloat16);
        Assert.Equal(ScalarType.BFloat16, loaded.DType);
        Assert.True(model.model.embed_tokens.weight!.Identical(loaded.model.embed_tokens.weight!));
    }

    [Fact]
    public void Sharded_checkpoints_load_through_the_index()
    {
        var model = TestModels.Tiny();
        var dir = TestModels.TempDir();
        HfCheckpoint.Save(model, dir);
        var all = SafeTensors.Load(Path.Combine(dir, "model.safetensors"));
        File.Delete(Path.Combine(dir, "model.safetensors"));
        var names = all.Keys.Order().ToList();
        var first = names.Take(names.Count / 2).ToList();
        SafeTensors.Save(Path.Combine(dir, "model-00001-of-00002.safetensors"), first.Select(n => (n, all[n])));
        SafeTensors.Save(Path.Combine(dir, "model-00002-of-00002.safetensors"), names.Skip(first.Count).Select(n => (n, all[n])));
        var map = new JsonObject();
        foreach (var n in names) map[n] = first.Contains(n) ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors";
        File.WriteAllText(Path.Combine(dir, "model.safetensors.index.json"), new JsonObject { ["weight_map"] = map }.ToJsonString());
        var loaded = HfCheckpoint.LoadModel(dir);
        var ids = TestModels.RandomIds(1, 4);
        Assert.True(model.Logits(ids).Identical(loaded.Logits(ids)));
    }

    [Fact]
    public void Loading_rejects_a_missing_tensor_by_name()
    {
        var dir = SavedWith(tensors => tensors.Remove("model.layers.1.mlp.up_proj.weight"));
        var e = Assert.Throws<SelGenException>(() => HfCheckpoint.LoadModel(dir));
        Assert.Contains("missing tensor 'model.layers.1.mlp.up_proj.weight' [48, 32]", e.Message);
    }

    [Fact]
    public void Loading_rejects_an_unexpected_tensor_by_name()
    {
        var dir = SavedWith(tensors => tensors["model.layers.0.extra.weight"] = zeros(3));
        var e = Assert.Throws<SelGenException>(() => HfCheckpoint.LoadModel(dir));
        Assert.Contains("unexpected tensor 'model.layers.0.extra.weight' [3]", e.Message);
    }

    [Fact]
    public void Loading_rejects_a_misshaped_tensor_naming_both_shapes()
    {
        var dir = SavedWith(tensors => tensors["model.norm.weight"] = ones(31));
        var e = Assert.Throws<SelGenException>(() => HfCheckpoint.LoadModel(dir));
        Assert.Contains("'model.norm.weight' has shape [31] but the model expects [32]", e.Message);
    }

    [Fact]
    public void Loading_rejects_a_truncated_file_and_a_folder_without_weights()
    {
        var dir = SavedWith(_ => { });
        var path = Path.Combine(dir, "model.safetensors");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 10)]);
        Assert.Contains("data_offsets", Assert.Throws<SelGenException>(() => HfCheckpoint.LoadModel(dir)).Message);
        File.Delete(path);
        Assert.Contains("model.safetensors", Assert.Throws<SelGenException>(() => HfCheckpoint.LoadModel(dir)).Message);
    }

    [Fact]
    public void Peft_adapter_round_trips_with_peft_key_names()
    {
        using var scope = NewDisposeScope();
        var model = TestModels.Tiny();
        var config = new LoraConfig { R = 4, Alpha = 8 };
        model.AddAdapter("task", config);
        using (no_grad()) foreach (var (_, p) in model.AdapterParameters("task")) p.normal_(0, 0.1);
        var dir = TestModels.TempDir();
        PeftAdapter.Save(model, "task", config, dir, baseModel: "tiny");
        var keys = SafeTensors.ReadHeader(Path.Combine(dir, "adapter_model.safetensors")).Entries.Keys;
        Assert.Contains("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight", keys);
        Assert.Contains("base_model.model.model.layers.1.mlp.down_proj.lora_B.weight", keys);

        var other = TestModels.Tiny();
        var loadedConfig = PeftAdapter.Load(other, dir, "task");
        Assert.Equal(config.R, loadedConfig.R);
        Assert.Equal(config.TargetModules, loadedConfig.TargetModules);
        var ids = TestModels.RandomIds(2, 5);
        Assert.True(model.Logits(ids).Identical(other.Logits(ids)));
    }

    [Fact]
    public void Peft_adapter_config_with_unsupported_variants_is_refused()
    {
        var dir = TestModels.TempDir();
        File.WriteAllText(Path.Combine(dir, "adapter_config.json"), """{"peft_type": "LORA", "r": 4, "lora_alpha": 8, "target_modules": "q_proj|v_proj"}""");
        Assert.Contains("target_modules", Assert.Throws<SelGenException>(() => PeftAdapter.LoadConfig(dir)).Message);
        File.WriteAllText(Path.Combine(dir, "adapter_config.json"), """{"peft_type": "LORA", "r": 4, "lora_alpha": 8, "target_modules": ["q_proj"], "use_dora": true}""");
        Assert.Contains("use_dora", Assert.Throws<SelGenException>(() => PeftAdapter.LoadConfig(dir)).Message);
    }

    [Fact]
    public void All_linear_adapts_every_linear_layer_but_the_head_and_saves_the_module_names_as_peft_does()
    {
        using var scope = NewDisposeScope();
        var dir = TestModels.TempDir();
        File.WriteAllText(Path.Combine(dir, "adapter_config.json"), """{"peft_type": "LORA", "r": 2, "lora_alpha": 4, "target_modules": "all-linear"}""");
        var config = PeftAdapter.LoadConfig(dir);
        var model = TestModels.Tiny(config: TestModels.TinyConfig(tied: false));
        model.AddAdapter("task", config);
        var adapted = model.AdapterLayers("task").Select(l => l.Module).ToList();
        Assert.Equal(2 * 7, adapted.Count);                         // seven projections in each of 2 layers
        Assert.DoesNotContain("lm_head", adapted);

        var saved = TestModels.TempDir();
        PeftAdapter.Save(model, "task", config, saved);
        Assert.Equal(LoraConfig.DefaultTargets.Order(), PeftAdapter.LoadConfig(saved).TargetModules.Order());
    }

    [Theory]
    [InlineData("rank_pattern", """{"q_proj": 8}""")]
    [InlineData("alpha_pattern", """{"model.layers.0.self_attn.q_proj": 16}""")]
    [InlineData("layers_to_transform", "[0]")]
    [InlineData("modules_to_save", """["lm_head"]""")]
    public void Peft_fields_that_would_change_the_weights_are_refused_by_name(string field, string value)
    {
        var dir = TestModels.TempDir();
        File.WriteAllText(Path.Combine(dir, "adapter_config.json"), $$"""{"peft_type": "LORA", "r": 4, "lora_alpha": 8, "target_modules": ["q_proj"], "{{field}}": {{value}}}""");
        Assert.Contains($"field '{field}'", Assert.Throws<SelGenException>(() => PeftAdapter.LoadConfig(dir)).Message);
        // PEFT writes empty patterns and nulls by default: those are fine.
        File.WriteAllText(Path.Combine(dir, "adapter_config.json"), """{"peft_type": "LORA", "r": 4, "lora_alpha": 8, "target_modules": ["q_proj"], "rank_pattern": {}, "alpha_pattern": {}, "modules_to_save": null, "layers_to_transform": null}""");
        Assert.Equal(4, PeftAdapter.LoadConfig(dir).R);
    }

    [Fact]
    public void Loading_in_bfloat16_allocates_the_model_in_bfloat16_and_gives_the_saved_weights()
    {
        using var scope = NewDisposeScope();
        using var saved = ModelFamilies.Random("gemma2");
        var dir = TestModels.TempDir();
        HfCheckpoint.Save(saved, dir);
        using var loaded = HfCheckpoint.LoadModel(dir, dtype: ScalarType.BFloat16);
        Assert.All(loaded.parameters(), p => Assert.Equal(ScalarType.BFloat16, p.dtype));
        var original = saved.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in loaded.named_parameters())
            Assert.True(p.to_type(ScalarType.Float32).Identical(original[name].to_type(ScalarType.BFloat16).to_type(ScalarType.Float32)), name);
    }

    static string SavedWith(Action<Dictionary<string, Tensor>> edit)
    {
        var model = TestModels.Tiny();
        var dir = TestModels.TempDir();
        HfCheckpoint.Save(model, dir);
        var path = Path.Combine(dir, "model.safetensors");
        var tensors = SafeTensors.Load(path);
        edit(tensors);
        SafeTensors.Save(path, tensors.Select(p => (p.Key, p.Value)));
        return dir;
    }
}
