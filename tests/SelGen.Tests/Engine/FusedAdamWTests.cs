using SelGen.Engine.Optim;
using TorchSharp;
using static TorchSharp.torch;

namespace SelGen.Tests.Engine;

public class FusedAdamWTests
{
    static Tensor Loss(SelGen.Engine.DecoderLM model, Tensor ids)
    {
        var logits = model.Logits(ids[.., ..^1]);
        return nn.functional.cross_entropy(logits.reshape(-1, 37), ids[.., 1..].reshape(-1));
    }

    [Fact]
    public void Fused_adamw_follows_torchsharp_adamw_to_float_rounding()
    {
        using var a = TestModels.Tiny(seed: 2);
        using var b = TestModels.Tiny(seed: 2);
        using var fused = new FusedAdamW(a.parameters(), lr: 1e-2, weightDecay: 0.1);
        using var reference = optim.AdamW(b.parameters(), lr: 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.1);
        using var ids = TestModels.RandomIds(4, 12);

        for (int step = 0; step < 5; step++)
        {
            using var scope = NewDisposeScope();
            Loss(a, ids).backward();
            fused.Step();
            fused.ZeroGrad();
            Loss(b, ids).backward();
            reference.step();
            reference.zero_grad();
        }

        using var __ = no_grad();
        foreach (var ((name, p), (_, q)) in a.named_parameters().Zip(b.named_parameters()))
        {
            double diff = (p - q).abs().max().item<float>();
            Assert.True(diff < 1e-5, $"{name}: {diff:E2}");
        }
        using var initial = TestModels.Tiny(seed: 2);
        Assert.False(a.parameters().First().Identical(initial.parameters().First()), "the parameters did not move");
    }

    [Fact]
    public void Parameters_without_a_gradient_are_left_alone()
    {
        using var model = TestModels.Tiny(seed: 4);
        var frozen = model.model.embed_tokens.weight!;
        using var before = frozen.detach().clone();
        using var optimizer = new FusedAdamW(model.parameters(), lr: 1e-2);
        using var ids = TestModels.RandomIds(2, 8);

        using (var scope = NewDisposeScope())
        {
            Loss(model, ids).backward();
            frozen.grad = null;
            optimizer.Step();
        }

        Assert.True(frozen.Identical(before));
        Assert.False(model.model.norm.parameters().First().Identical(ones(32)));
    }

    [Fact]
    public void Fifty_fused_steps_leave_no_more_live_tensors_than_ten()
    {
        using var model = TestModels.Tiny();
        using var optimizer = new FusedAdamW(model.parameters(), lr: 1e-3);
        using var ids = TestModels.RandomIds(4, 12);

        void Step()
        {
            using var scope = NewDisposeScope();
            Loss(model, ids).backward();
            optimizer.Step();
            optimizer.ZeroGrad();
        }

        for (int i = 0; i < 10; i++) Step();
        long after10 = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 40; i++) Step();
        Assert.Equal(after10, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
