using SelGen.Experiments;
using SelGen.Training;

namespace SelGen.Tests.Experiments;

/// <summary>What a sweep says at its end, and which finished runs are not results.</summary>
public class RunOutcomeTests
{
    static RunRecord Run(string id, RunState state, RunOwner? owner = null) =>
        new(id, "task_only", "{}", 1, state, 1, state == RunState.Failed ? "boom" : null, owner, DateTimeOffset.UnixEpoch, null, null, null, "/s/runs/" + id,
            new Dictionary<string, double>());

    [Fact]
    public void Every_run_done_is_the_only_exit_code_0()
    {
        Assert.Equal(("sweep finished: 2/2 done", 0), new SweepStatus("/s", [Run("a", RunState.Done), Run("b", RunState.Done)]).Outcome());
    }

    [Fact]
    public void A_run_still_running_elsewhere_is_said_and_exits_1()
    {
        var (line, code) = new SweepStatus("/s", [Run("a", RunState.Done), Run("b", RunState.Done), Run("c", RunState.Done), Run("d", RunState.Running, RunOwner.Current)]).Outcome();
        Assert.Equal(1, code);
        Assert.Equal($"sweep incomplete: 3/4 done, 1 still running in another process ({RunOwner.Current})", line);
    }

    [Fact]
    public void Failed_pending_and_interrupted_runs_are_each_counted()
    {
        var dead = RunOwner.Current with { Pid = int.MaxValue - 1 };
        var (line, code) = new SweepStatus("/s", [Run("a", RunState.Failed), Run("b", RunState.Pending), Run("c", RunState.Running, dead), Run("d", RunState.Done)]).Outcome();
        Assert.Equal(1, code);
        Assert.Equal("sweep incomplete: 1/4 done, 1 failed (selgen retry /s to run them again), 1 pending, 1 interrupted (resumed by the next sweep on this folder)", line);
    }

    static string RunDir(IEnumerable<double> gradNorms)
    {
        var dir = TestModels.TempDir();
        File.WriteAllLines(Path.Combine(dir, Trainer.LogFile), gradNorms.Select((g, i) => $$"""{"step":{{i + 1}},"grad_norm":{{g}},"loss":0.5}"""));
        return dir;
    }

    [Fact]
    public void A_gradient_norm_of_exactly_0_in_the_last_steps_is_a_collapse()
    {
        var training = new TrainingConfig { LearningRate = 1000 };
        var collapse = RunExecutor.Collapse(RunDir([2.5, 0.3, 0, 0, 0]), ["a reply"], training);
        Assert.NotNull(collapse);
        Assert.Contains("gradient norm is exactly 0 in the last 3 steps (from step 3 of 5", collapse);
        Assert.Contains("Lower training.learning_rate (now 1000)", collapse);
        Assert.Null(RunExecutor.Collapse(RunDir([2.5, 0, 0, 0.1]), ["a reply"], training));   // a step with a gradient at the end
    }

    [Fact]
    public void Every_reply_empty_is_a_collapse_and_some_empty_replies_are_not()
    {
        var training = new TrainingConfig();
        Assert.Contains("every one of the 3 replies of the evaluation is empty", RunExecutor.Collapse(RunDir([1, 1, 1]), ["", " ", ""], training));
        Assert.Null(RunExecutor.Collapse(RunDir([1, 1, 1]), ["", "4", ""], training));
    }
}
