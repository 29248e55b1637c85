using SelGen.Methods;
using SelGen.Training;
using static TorchSharp.torch;

namespace SelGen.Tests.Training;

public class TrainerTests
{
    [Fact]
    public void A_killed_run_resumes_from_its_checkpoint_on_the_same_trajectory()
    {
        var data = SyntheticData.Make();
        var config = SyntheticData.Config() with { Epochs = 3, CheckpointEvery = 2 };
        var uninterrupted = Trainer.Run(TestModels.Tiny(), config, new KlPenalty(new KlPenalty.Options()), data);

        var dir = TestModels.TempDir();
        var first = Trainer.Run(TestModels.Tiny(), config, new KlPenalty(new KlPenalty.Options()), data, new TrainerOptions { RunDir = dir, StopAfterSteps = 3 });
        Assert.False(first.Completed);
        var resumedModel = TestModels.Tiny();
        var resumed = Trainer.Run(resumedModel, config, new KlPenalty(new KlPenalty.Options()), data, new TrainerOptions { RunDir = dir });
        Assert.True(resumed.Completed);
        Assert.Equal(2, resumed.Log[0].Step - 1);    // step 3 was not checkpointed, so it is redone
        Assert.Equal(uninterrupted.Log.Skip(2).Select(e => e.Terms["loss"]), resumed.Log.Select(e => e.Terms["loss"]));
        var lines = File.ReadAllLines(Path.Combine(dir, Trainer.LogFile));
        Assert.Equal(uninterrupted.Log.Count, lines.Length);
    }

    [Fact]
    public void A_diverging_run_stops_with_a_clear_error()
    {
        var data = SyntheticData.Make();
        var config = SyntheticData.Config() with { LearningRate = 1e30, Lora = null };
        var e = Assert.Throws<TrainingDivergedException>(() => Trainer.Run(TestModels.Tiny(), config, new TaskOnly(), data));
        Assert.Contains("diverged at step", e.Message);
    }

    [Fact]
    public void Bad_training_config_fields_are_named()
    {
        Assert.Contains("grad_accum", Assert.Throws<SelGenException>(() => (SyntheticData.Config() with { GradAccum = 3 }).Validate()).Message);
        var json = """{"epochs": 2, "learning_rat": 0.1}""";
        Assert.Contains("learning_rat", Assert.Throws<SelGenException>(() => SelGen.IO.StrictJson.Deserialize<TrainingConfig>(json, "t.json")).Message);
    }

    [Fact]
    public void Methods_that_need_alignment_data_refuse_to_run_without_it()
    {
        var data = SyntheticData.Make() with { Alignment = [] };
        Assert.Contains("alignment", Assert.Throws<SelGenException>(() => Trainer.Run(TestModels.Tiny(), SyntheticData.Config(), new KlPenalty(new KlPenalty.Options()), data)).Message);
    }

    [Fact]
    public void Mixed_puts_a_share_p_of_alignment_items_in_the_epoch()
    {
        var data = SyntheticData.Make(taskCount: 30);
        var set = new Mixed(new Mixed.Options { P = 0.25 }).TrainingSet(data.Task, data.Alignment);
        Assert.Equal(40, set.Count);   // 30 task + 10 alignment (cycled over 6 items)
    }
}
