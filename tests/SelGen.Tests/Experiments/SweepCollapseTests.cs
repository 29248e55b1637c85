using SelGen.Experiments;

namespace SelGen.Tests.Experiments;

/// <summary>End to end: a run whose training collapsed is stopped and failed with the reason, not recorded done.</summary>
[Trait("Category", "Slow")]
public class SweepCollapseTests
{
    [Fact]
    public void A_run_at_learning_rate_1000_is_stopped_as_collapsed_and_not_done()
    {
        // At lr 1000 the tiny model's logits saturate after two steps: the gradient is exactly 0 from step 3 on.
        var sweep = Sweep.Prepare(SweepKillTests.Experiment(SweepKillTests.TinyBaseModel(), learningRate: 1000), TestModels.TempDir());
        var (done, failed) = sweep.Drain();
        Assert.Equal((0, 2), (done, failed));
        Assert.All(sweep.Store.Runs(), r => Assert.Equal(RunState.Failed, r.State));   // KL may diverge (NaN) instead: failed too
        foreach (var run in sweep.Store.Runs().Where(r => r.Method == "task_only"))
        {
            Assert.StartsWith("the run collapsed: the gradient norm is exactly 0 in the last 3 steps", run.Error);
            Assert.Contains("Lower training.learning_rate (now 1000)", run.Error);
            Assert.True(File.ReadAllLines(Path.Combine(run.RunDir, "train.jsonl")).Length < 12, "stopped before the end of training");
        }
    }
}
