using SelGen.Engine;
using SelGen.Engine.Lora;
using static TorchSharp.torch;

namespace SelGen.Tests.Engine;

public class LoraTests
{
    static readonly LoraConfig Small = new() { R = 4, Alpha = 8 };

    static void Perturb(DecoderLM model, string adapter, int seed)
    {
        var g = new Generator((ulong)seed);
        using var _ = no_grad();
        foreach (var (_, p) in model.AdapterParameters(adapter)) p.copy_(randn(p.shape, generator: g) * 0.1);
    }

    [Fact]
    public void A_fresh_adapter_leaves_outputs_bit_identical()
    {
        using var scope = NewDisposeScope();
        var model = TestModels.Tiny();
        var ids = TestModels.RandomIds(2, 6);
        var before = model.Logits(ids);
        model.AddAdapter("task", Small);
        Assert.True(before.Identical(model.Logits(ids)));
    }

    [Fact]
    public void Adapter_targets_the_seven_projections_by_default_and_uses_the_rslora_scale()
    {
        var model = TestModels.Tiny();
        model.AddAdapter("task", new LoraConfig());
        var modules = model.AdapterLayers("task").Select(l => l.Module).ToList();
        Assert.Equal(2 * 7, modules.Count);
        Assert.Contains("model.layers.1.mlp.gate_proj", modules);
        Assert.Equal(64 / Math.Sqrt(32), model.AdapterLayers("task").First().Layer.Scale("task"), 12);
        Assert.Equal(2.0, new LoraConfig { R = 32, Alpha = 64, UseRsLora = false }.Scale);
    }

    [Fact]
    public void Merged_equals_unmerged_and_unmerge_restores_the_base()
    {
        using var scope = NewDisposeScope();
        var model = TestModels.Tiny();
        model.AddAdapter("task", Small);
        Perturb(model, "task", 3);
        var ids = TestModels.RandomIds(2, 6);
        var baseWeight = model.model.layers[0].self_attn.q_proj.weight.clone();
        var unmerged = model.Logits(ids);
        model.MergeAdapter("task");
        var merged = model.Logits(ids);
        Assert.True(unmerged.allclose(merged, rtol: 0, atol: 1e-5), $"max diff {(unmerged - merged).abs().max().item<float>()}");
        model.UnmergeAdapter("task");
        Assert.True(baseWeight.allclose(model.model.layers[0].self_attn.q_proj.weight, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void Merging_a_non_finite_adapter_is_refused()
    {
        var model = TestModels.Tiny();
        model.AddAdapter("task", Small);
        using (no_grad()) model.AdapterParameters("task").First(p => p.Name.Contains("lora_B")).Parameter.fill_(double.NaN);
        Assert.Throws<SelGenException>(() => model.MergeAdapter("task"));
        Assert.False(model.model.layers[0].self_attn.q_proj.weight.isnan().any().item<bool>());
    }

    [Fact]
    public void Disabled_adapters_give_the_reference_model_and_are_restored_afterwards()
    {
        using var scope = NewDisposeScope();
        var model = TestModels.Tiny();
        var ids = TestModels.RandomIds(1, 5);
        var reference = model.Logits(ids);
        model.AddAdapter("align", Small);
        model.AddAdapter("task", Small);
        Perturb(model, "align", 4);
        Perturb(model, "task", 5);
        var adapted = model.Logits(ids);
        using (model.AdaptersDisabled())
            Assert.True(reference.Identical(model.Logits(ids)));
        Assert.True(adapted.Identical(model.Logits(ids)));
        model.SetAdapterEnabled("task", false);
        Assert.False(adapted.allclose(model.Logits(ids)));
    }

    [Fact]
    public void Lora_training_gives_gradients_to_the_adapter_only()
    {
        using var scope = NewDisposeScope();
        var model = TestModels.Tiny();
        model.AddAdapter("task", Small);
        model.SetBaseTrainable(false);
        Loss(model).backward();
        foreach (var (name, p) in model.named_parameters())
        {
            if (LoraNames.IsAdapterParameter(name)) Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0 || name.Contains("lora_A"), name);
            else Assert.True(p.grad is null, $"{name} should be frozen");
        }
        // B starts at zero, so A's gradient is zero on the first step; B's is not.
        Assert.All(model.AdapterParameters("task").Where(p => p.Name.Contains("lora_B")), p => Assert.True(p.Parameter.grad!.abs().sum().item<float>() > 0));
    }

    [Fact]
    public void Full_fine_tuning_gives_gradients_to_every_weight()
    {
        using var scope = NewDisposeScope();
        var model = TestModels.Tiny();
        Loss(model).backward();
        foreach (var (name, p) in model.named_parameters())
            Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0, $"{name} has no gradient");
    }

    [Fact]
    public void A_frozen_adapter_still_acts_but_gets_no_gradient()
    {
        using var scope = NewDisposeScope();
        var model = TestModels.Tiny();
        model.AddAdapter("align", Small);
        Perturb(model, "align", 6);
        model.AddAdapter("task", Small);
        model.SetBaseTrainable(false);
        model.SetAdapterTrainable("align", false);
        Loss(model).backward();
        Assert.All(model.AdapterParameters("align"), p => Assert.Null(p.Parameter.grad));
        Assert.Contains(model.AdapterParameters("task"), p => p.Parameter.grad is not null);
    }

    [Fact]
    public void Unknown_target_modules_are_an_error()
    {
        var model = TestModels.Tiny();
        var e = Assert.Throws<SelGenException>(() => model.AddAdapter("x", new LoraConfig { TargetModules = ["query"] }));
        Assert.Contains("target_modules", e.Message);
    }

    static Tensor Loss(DecoderLM model)
    {
        var ids = TestModels.RandomIds(2, 8);
        var logits = model.Logits(ids[.., ..^1]);
        return nn.functional.cross_entropy(logits.reshape(-1, 37), ids[.., 1..].reshape(-1));
    }
}
