using SelGen.Engine.Lora;
using SelGen.Methods;
using SelGen.Training;
using static TorchSharp.torch;

namespace SelGen.Tests.Training;

/// <summary>Cross-entropy computed group by group of similar length equals the one over the padded batch.</summary>
public class LengthGroupTests
{
    [Fact]
    public void Length_groups_keep_every_token_and_cut_padding()
    {
        using var scope = NewDisposeScope();
        var random = new Random(3);
        var examples = Enumerable.Range(0, 32).Select(_ => SyntheticData.Example(random, random.Next(2, 9), random.Next(1, 12))).ToList();
        var batch = Batch.Collate(examples, SyntheticData.Pad);
        var groups = batch.ByLength(4);
        Assert.Equal(4, groups.Count);
        Assert.Equal(batch.TrainedTokens, groups.Sum(g => g.TrainedTokens));
        Assert.Equal(batch.AttentionMask.sum().item<float>(), groups.Sum(g => g.AttentionMask.sum().item<float>()));
        Assert.True(groups.Sum(g => g.InputIds.numel()) < batch.InputIds.numel(), "grouping removed no padding");
        Assert.Single(Batch.Collate(examples.Take(12).ToList(), SyntheticData.Pad).ByLength(4));   // 12 rows: groups would be under 8 rows
    }

    [Fact]
    public void Task_cross_entropy_in_length_groups_equals_the_padded_batch_with_its_gradient()
    {
        using var scope = NewDisposeScope();
        var model = TestModels.Tiny();
        var config = SyntheticData.Config();
        model.AddAdapter("task", config.Lora!);
        model.SetBaseTrainable(false);
        using (no_grad()) foreach (var (_, p) in model.AdapterParameters("task")) p.normal_(0, 0.1);
        var data = SyntheticData.Make(taskCount: 32);
        using var context = new MethodContext(model, config, data.Alignment, SyntheticData.Pad, "task");
        var task = Batch.Collate(data.Task, SyntheticData.Pad);
        var step = new MicroStep(task, null, null, task.TrainedTokens, 0, 0, 1, task.Size);
        (double Loss, Tensor Grad) Run(int groups)
        {
            foreach (var (_, p) in context.Trainable) p.grad?.zero_();
            var loss = Losses.TaskCrossEntropy(context, step, groups);
            loss.backward();
            return (loss.item<float>(), cat(context.Trainable.Select(p => p.Parameter.grad!.flatten()).ToList()).clone());
        }
        var (whole, wholeGrad) = Run(1);
        var (grouped, groupedGrad) = Run(4);
        Assert.Equal(whole, grouped, 5);
        Assert.True(wholeGrad.allclose(groupedGrad, rtol: 1e-4, atol: 1e-7), "gradients differ");
    }
}
