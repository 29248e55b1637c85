using System.Text.Json.Nodes;
using SelGen.Engine.Lora;
using SelGen.Methods;
using SelGen.Tests.Training;
using SelGen.Training;
using static TorchSharp.torch;

namespace SelGen.Tests.Methods;

/// <summary>The reference outputs computed once before training give the losses and gradients of the reference run every step.</summary>
public class ReferenceCacheTests
{
    [Theory]
    [InlineData("kl", """{"beta": 1.0}""", "kl", true)]
    [InlineData("kl", """{"beta": 1.0, "direction": "reverse", "positions": "real"}""", "kl", true)]
    [InlineData("kl", """{"beta": 1.0}""", "kl", false)]
    [InlineData("representation", """{"beta": 1.0}""", "representation", true)]
    [InlineData("representation", """{"beta": 1.0, "positions": "trained", "layers": [2]}""", "representation", false)]
    [InlineData("dpo", """{"beta": 0.5}""", "dpo", true)]
    [InlineData("dpo", """{"beta": 0.5, "average_log_probs": true}""", "dpo", false)]
    public void Cached_and_recomputed_reference_give_the_same_loss_and_gradient(string name, string options, string term, bool lora)
    {
        using var scope = NewDisposeScope();
        var model = TestModels.Tiny();
        var data = SyntheticData.Make();
        var config = SyntheticData.Config(lora) with { AlignmentBatchSize = 4 };
        string? adapter = null;
        if (lora)
        {
            model.AddAdapter("task", config.Lora!);
            model.SetBaseTrainable(false);
            adapter = "task";
        }
        using var context = new MethodContext(model, config, data.Alignment, SyntheticData.Pad, adapter);
        var method = MethodRegistry.Create(name, JsonNode.Parse(options)!.AsObject());
        method.Attach(context);   // the reference (and its cache) is the model as it is now
        // Move the policy away from the reference, so that the penalties are not zero.
        using (no_grad()) foreach (var (_, p) in context.Trainable) p.add_(randn_like(p) * 0.05);

        int[] items = [4, 0, 5, 2];   // different lengths: padded rows
        var task = Batch.Collate(data.Task.Take(4).ToList(), SyntheticData.Pad);
        var chosen = Batch.Collate(items.Select(i => data.Alignment[i].Chosen).ToList(), SyntheticData.Pad);
        var rejected = Batch.Collate(items.Select(i => data.Alignment[i].Rejected!).ToList(), SyntheticData.Pad);
        (double Term, Tensor Grad) Run(IReadOnlyList<int>? indices)
        {
            foreach (var (_, p) in context.Trainable) p.grad?.zero_();
            var step = new MicroStep(task, chosen, rejected, task.TrainedTokens, chosen.TrainedTokens, rejected.TrainedTokens, items.Length, task.Size, indices);
            var terms = method.Backward(step, context);
            return (terms[term], cat(context.Trainable.Select(p => p.Parameter.grad!.flatten()).ToList()).clone());
        }
        var (cachedTerm, cachedGrad) = Run(items);
        var (recomputedTerm, recomputedGrad) = Run(null);

        Assert.True(Math.Abs(recomputedTerm) > 1e-6, $"{term} is {recomputedTerm}: the test would not see a difference");
        Assert.Equal(recomputedTerm, cachedTerm, 5);
        Assert.True(cachedGrad.allclose(recomputedGrad, rtol: 1e-4, atol: 1e-7), "gradients differ");
    }
}
