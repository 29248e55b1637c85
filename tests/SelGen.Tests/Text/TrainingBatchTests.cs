using SelGen.Text;
using Xunit;
using static TorchSharp.torch;

namespace SelGen.Tests.Text;

public sealed class TrainingBatchTests
{
    [Fact]
    public void Sequences_are_padded_on_the_right_with_masks_and_ignored_labels()
    {
        using var scope = NewDisposeScope();
        var items = new[]
        {
            new RenderedChat([5, 6, 7], [false, true, true]),
            new RenderedChat([8], [true]),
        };
        using var batch = TrainingBatch.Collate(items, padId: 0);
        Assert.Equal([2L, 3L], batch.InputIds.shape);
        Assert.Equal([5L, 6, 7, 8, 0, 0], batch.InputIds.data<long>().ToArray());
        Assert.Equal([1L, 1, 1, 1, 0, 0], batch.AttentionMask.data<long>().ToArray());
        Assert.Equal([false, true, true, true, false, false], batch.TrainedMask.data<bool>().ToArray());
        Assert.Equal([-100L, 6, 7, 8, -100, -100], batch.Labels.data<long>().ToArray());
        Assert.Equal(ScalarType.Int64, batch.InputIds.dtype);
    }

    [Fact]
    public void Truncation_is_explicit_and_keeps_the_start()
    {
        var item = new RenderedChat([1, 2, 3, 4], [false, false, true, true]);
        Assert.Equal([1, 2, 3], item.Truncate(3).Ids);
        Assert.Same(item, item.Truncate(10));
    }
}
