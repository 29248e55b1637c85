using System.Diagnostics;
using SelGen.Experiments;
using SelGen.Worlds.Gcd;

namespace SelGen.Tests.Experiments;

/// <summary>End to end: a sweep killed with SIGKILL mid-training and restarted gives an uninterrupted sweep's results.</summary>
[Trait("Category", "Slow")]
public class SweepKillTests
{
    static string TinyBaseModel()
    {
        var dir = Path.Combine(TestModels.TempDir(), "base");
        var options = new GcdPretrainOptions
        {
            Preset = "tiny",
            Corpus = new GcdCorpusOptions { Conversations = 150 },
            Training = new GcdPretrainOptions().Training with { Epochs = 1, WarmupSteps = 1 },
        };
        GcdPretraining.Run(options, dir);
        return dir;
    }

    static string Experiment(string baseModel)
    {
        var path = Path.Combine(TestModels.TempDir(), "experiment.json");
        File.WriteAllText(path, $$$"""
            {
              "name": "kill test",
              "setting": {"world": "gcd", "max_new_tokens": 24, "eval_ids_per_label": 1},
              "base_model": "{{{baseModel}}}",
              "training": {"epochs": 4, "learning_rate": 0.003, "batch_size": 16, "checkpoint_every": 1, "lora": {"r": 4, "lora_alpha": 8}},
              "methods": [{"name": "task_only"}, {"name": "kl", "grid": {"beta": [1.0]}}],
              "seeds": [1],
              "axes": {"x": {"metric": "ood.aligned", "label": "Aligned (%)"}, "y": {"metric": "euclidean.capability", "label": "GCD accuracy (%)"}}
            }
            """);
        return path;
    }

    [Fact]
    public void A_sweep_killed_mid_training_and_restarted_equals_an_uninterrupted_sweep()
    {
        var experiment = Experiment(TinyBaseModel());

        var calm = Sweep.Prepare(experiment, TestModels.TempDir());
        calm.EnsureBaseEvaluated();
        calm.Drain();
        var expected = calm.Store.Runs().ToDictionary(r => r.Id);

        var dir = TestModels.TempDir();
        var killed = Sweep.Prepare(experiment, dir);
        var worker = StartWorker(dir);
        // Kill once the worker is well into its first run (a few steps logged, so a checkpoint exists).
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60) && !killed.Store.Runs().Any(r => LoggedSteps(r.RunDir) >= 3)) Thread.Sleep(20);
        worker.Kill(entireProcessTree: true);
        worker.WaitForExit();
        Assert.Contains(killed.Store.Runs(), r => r.State == RunState.Running);   // the killed run is left running

        killed.Drain();   // a new worker reclaims the dead owner's run and resumes it
        var runs = killed.Store.Runs();
        Assert.All(runs, r => Assert.Equal(RunState.Done, r.State));
        foreach (var run in runs)
        {
            Assert.Equal(expected[run.Id].Metrics, run.Metrics);
            var log = File.ReadAllLines(Path.Combine(run.RunDir, "train.jsonl"));
            var calmLog = File.ReadAllLines(Path.Combine(expected[run.Id].RunDir, "train.jsonl"));
            Assert.Equal(calmLog, log);   // same trajectory, no step recorded twice
        }
        Assert.Contains(runs, r => r.Attempts == 2);
    }

    static int LoggedSteps(string runDir)
    {
        var path = Path.Combine(runDir, "train.jsonl");
        try { return File.Exists(path) ? File.ReadAllLines(path).Length : 0; }
        catch (IOException) { return 0; }
    }

    static Process StartWorker(string dir)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var info = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { typeof(StoreWorkerProgram).Assembly.Location, "sweep-worker", dir }) info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }
}
