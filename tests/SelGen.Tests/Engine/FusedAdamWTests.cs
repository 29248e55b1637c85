using SelGen.Engine;
using SelGen.Engine.Optim;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SelGen.Tests.Engine;

public class FusedAdamWTests
{
    static void Backward(DecoderLM model, Tensor ids)
    {
        using var scope = NewDisposeScope();
        var logits = model.Logits(ids[.., ..^1]);
        nn.functional.cross_entropy(logits.reshape(-1, 37), ids[.., 1..].reshape(-1)).backward();
    }

    /// <summary>Decay on matrices only, as the trainer sets it up.</summary>
    static AdamW.ParamGroup[] Groups(DecoderLM model) =>
    [
        new(model.parameters().Where(p => p.dim() >= 2), 1e-2, 0.9, 0.999, 1e-8, 0.1, false, false),
        new(model.parameters().Where(p => p.dim() < 2), 1e-2, 0.9, 0.999, 1e-8, 0, false, false),
    ];

    static void Train(DecoderLM model, optim.Optimizer optimizer, Tensor ids, int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();   // TorchSharp's zero_grad leaves tensor handles to a scope
            Backward(model, ids);
            optimizer.step();
            optimizer.zero_grad();
        }
    }

    static double LargestDifference(DecoderLM a, DecoderLM b)
    {
        using var _ = no_grad();
        return a.parameters().Zip(b.parameters()).Max(pq => (pq.First - pq.Second).abs().max().item<float>());
    }

    [Fact]
    public void Fused_adamw_follows_torchsharp_adamw_to_float_rounding()
    {
        using var a = TestModels.Tiny(seed: 2);
        using var b = TestModels.Tiny(seed: 2);
        using var fused = new FusedAdamW(Groups(a));
        using var managed = optim.AdamW(Groups(b));
        using var ids = TestModels.RandomIds(4, 12);

        Train(a, fused, ids, 3);
        Train(b, managed, ids, 3);
        foreach (var g in fused.ParamGroups.Concat(managed.ParamGroups)) g.LearningRate = 3e-3;   // a schedule's change
        Train(a, fused, ids, 2);
        Train(b, managed, ids, 2);

        Assert.True(LargestDifference(a, b) < 1e-5, $"largest difference {LargestDifference(a, b):E2}");
        using var initial = TestModels.Tiny(seed: 2);
        Assert.True(LargestDifference(a, initial) > 1e-3, "the parameters did not move");
    }

    [Fact]
    public void Parameters_without_a_gradient_are_left_alone()
    {
        using var model = TestModels.Tiny(seed: 4);
        var frozen = model.model.embed_tokens.weight!;
        using var before = frozen.detach().clone();
        using var optimizer = new FusedAdamW(model.parameters(), lr: 1e-2, weight_decay: 0.1);
        using var ids = TestModels.RandomIds(2, 8);

        Backward(model, ids);
        frozen.grad = null;
        optimizer.step();

        Assert.True(frozen.Identical(before));
        Assert.False(model.model.norm.parameters().First().Identical(ones(32)));
    }

    [Fact]
    public void Saved_and_reloaded_state_continues_exactly_as_without_the_interruption()
    {
        using var ids = TestModels.RandomIds(4, 12);
        using var straight = TestModels.Tiny(seed: 5);
        using var straightOptimizer = new FusedAdamW(Groups(straight));
        Train(straight, straightOptimizer, ids, 5);

        using var first = TestModels.Tiny(seed: 5);
        using var firstOptimizer = new FusedAdamW(Groups(first));
        Train(first, firstOptimizer, ids, 3);
        var file = Path.Combine(TestModels.TempDir(), "optimizer.bin");
        firstOptimizer.save_state_dict(file);
        using var resumed = TestModels.Tiny(seed: 0);
        using (no_grad())
            foreach (var (p, q) in resumed.parameters().Zip(first.parameters())) p.copy_(q);
        using var resumedOptimizer = new FusedAdamW(Groups(resumed));
        resumedOptimizer.load_state_dict(file);
        Train(resumed, resumedOptimizer, ids, 2);

        Assert.Equal(0, LargestDifference(straight, resumed));
    }

    [Fact]
    public void Fifty_fused_steps_leave_no_more_live_tensors_than_ten()
    {
        using var model = TestModels.Tiny();
        using var optimizer = new FusedAdamW(model.parameters(), lr: 1e-3);
        using var ids = TestModels.RandomIds(4, 12);

        Train(model, optimizer, ids, 10);
        long after10 = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Train(model, optimizer, ids, 40);
        Assert.Equal(after10, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
