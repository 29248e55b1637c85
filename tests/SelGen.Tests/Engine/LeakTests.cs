using TorchSharp;
using static TorchSharp.torch;

namespace SelGen.Tests.Engine;

public class LeakTests
{
    [Fact]
    public void Two_hundred_training_steps_leave_no_more_live_tensors_than_ten()
    {
        var model = TestModels.Tiny();
        var optimizer = optim.AdamW(model.parameters(), lr: 1e-3);
        var ids = TestModels.RandomIds(4, 12);

        void Step()
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var logits = model.Logits(ids[.., ..^1]);
            var loss = nn.functional.cross_entropy(logits.reshape(-1, 37), ids[.., 1..].reshape(-1));
            loss.backward();
            optimizer.step();
        }

        for (int i = 0; i < 10; i++) Step();   // optimizer state is created in the first steps
        long after10 = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 190; i++) Step();
        long after200 = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Assert.Equal(after10, after200);
    }
}
