using System.Text.Json;
using System.Text.Json.Nodes;
using SelGen.Methods;
using SelGen.Training;

namespace SelGen.Tests.Training;

/// <summary>
/// The Trainer's optimizer became the fused AdamW. Its state (step, exp_avg, exp_avg_sq per parameter) is the
/// managed AdamW's, so a checkpoint written before the change must resume on the same trajectory. The
/// fixture in old-checkpoint/ was written by the managed-AdamW trainer: a KL run on the synthetic data stopped
/// after 3 of 6 steps (checkpoint at step 2), and the losses of the same run uninterrupted.
/// Regenerate (only if the fixture's format must change) with SELGEN_WRITE_GOLDEN=1.
/// </summary>
public class OldCheckpointTests
{
    static string FixtureDir([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "old-checkpoint");

    static TrainingConfig Config => SyntheticData.Config() with { Epochs = 3, CheckpointEvery = 2 };

    static KlPenalty Method() => new(new KlPenalty.Options());

    static void CopyDir(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(dir.Replace(from, to));
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, file.Replace(from, to), overwrite: true);
    }

    [Fact]
    public void A_checkpoint_written_with_the_managed_adamw_resumes_on_the_same_trajectory()
    {
        var data = SyntheticData.Make();
        if (Environment.GetEnvironmentVariable("SELGEN_WRITE_GOLDEN") == "1")
        {
            var fixture = FixtureDir();
            if (Directory.Exists(fixture)) Directory.Delete(fixture, recursive: true);
            Trainer.Run(TestModels.Tiny(), Config, Method(), data, new TrainerOptions { RunDir = Path.Combine(fixture, "run"), StopAfterSteps = 3 });
            var whole = Trainer.Run(TestModels.Tiny(), Config, Method(), data);
            File.WriteAllText(Path.Combine(fixture, "uninterrupted_losses.json"), JsonSerializer.Serialize(whole.Log.Select(e => e.Terms["loss"])));
            return;
        }
        var dir = TestModels.TempDir();
        CopyDir(Path.Combine(FixtureDir(), "run"), dir);
        var expected = JsonSerializer.Deserialize<double[]>(File.ReadAllText(Path.Combine(FixtureDir(), "uninterrupted_losses.json")))!;

        var resumed = Trainer.Run(TestModels.Tiny(), Config, Method(), data, new TrainerOptions { RunDir = dir });

        Assert.True(resumed.Completed);
        Assert.Equal(3, resumed.Log[0].Step);     // resumed from the step-2 checkpoint
        var actual = resumed.Log.Select(e => e.Terms["loss"]).ToArray();
        Assert.Equal(expected.Length - 2, actual.Length);
        for (int i = 0; i < actual.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i + 2]) < 1e-5, $"step {i + 3}: loss {actual[i]}, before the change {expected[i + 2]}");
        Assert.Equal(expected.Length, File.ReadAllLines(Path.Combine(dir, Trainer.LogFile)).Length);
    }

    [Fact]
    public void A_corrupt_optimizer_state_fails_with_a_message_that_says_how_to_start_over()
    {
        var dir = TestModels.TempDir();
        CopyDir(Path.Combine(FixtureDir(), "run"), dir);
        File.WriteAllBytes(Path.Combine(dir, "checkpoint", "optimizer.bin"), [1, 2, 3]);
        var e = Assert.Throws<SelGenException>(() => Trainer.Run(TestModels.Tiny(), Config, Method(), SyntheticData.Make(), new TrainerOptions { RunDir = dir }));
        Assert.Contains("optimizer.bin", e.Message);
        Assert.Contains("delete", e.Message);
    }
}
