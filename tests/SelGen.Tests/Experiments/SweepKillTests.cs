using System.Diagnostics;
using SelGen.Experiments;
using SelGen.Worlds.Gcd;
using static TorchSharp.torch;

namespace SelGen.Tests.Experiments;

/// <summary>End to end: a sweep killed with SIGKILL mid-training and restarted gives an uninterrupted sweep's results.</summary>
[Trait("Category", "Slow")]
public class SweepKillTests
{
    internal static string TinyBaseModel()
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

    internal static string Experiment(string baseModel, double learningRate = 0.003)
    {
        var path = Path.Combine(TestModels.TempDir(), "experiment.json");
        File.WriteAllText(path, $$$"""
            {
              "name": "kill test",
              "setting": {"world": "gcd", "max_new_tokens": 24, "eval_ids_per_label": 1},
              "base_model": "{{{baseModel}}}",
              "training": {"epochs": 4, "learning_rate": {{{learningRate.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}, "batch_size": 16, "checkpoint_every": 1, "lora": {"r": 4, "lora_alpha": 8}},
              "methods": [{"name": "task_only"}, {"name": "kl", "grid": {"beta": [1.0]}}],
              "seeds": [1],
              "axes": {"x": {"metric": "ood.aligned", "label": "Aligned (%)"}, "y": {"metric": "euclidean.capability", "label": "GCD accuracy (%)"}}
            }
            """);
        return path;
    }

    /// <summary>
    /// The worker process trains with one thread (as StoreWorkerProgram sets it), so this process must too:
    /// the thread count decides the numerics. The test once failed in a fresh clone because this process kept
    /// libtorch's default (one thread per core) and the resumed half of the run was trained differently from
    /// the calm sweep, from the first step. A resume under other numerics now restarts from scratch (next test).
    /// </summary>
    const int Threads = 1;

    [Fact]
    public void A_sweep_killed_mid_training_and_restarted_equals_an_uninterrupted_sweep()
    {
        int previous = get_num_threads();
        set_num_threads(Threads);
        try { KilledAndRestarted(); }
        finally { set_num_threads(previous); }
    }

    void KilledAndRestarted()
    {
        var experiment = Experiment(TinyBaseModel());

        var calm = Sweep.Prepare(experiment, TestModels.TempDir());
        calm.EnsureBaseEvaluated();
        calm.Drain();
        var expected = calm.Store.Runs().ToDictionary(r => r.Id);

        var dir = TestModels.TempDir();
        var killed = Sweep.Prepare(experiment, dir);
        var worker = StartWorker(dir);
        // Kill once the worker is well into its first run (a few steps logged, so a checkpoint exists). On a
        // loaded machine the worker's start-up alone can take a minute: wait for the steps, not for a clock.
        var clock = Stopwatch.StartNew();
        var polls = new List<string>();
        while (clock.Elapsed < TimeSpan.FromMinutes(10) && !worker.HasExited)
        {
            var seen = killed.Store.Runs().Select(r => (r.State, Steps: LoggedSteps(r.RunDir))).ToList();
            polls.Add($"{clock.Elapsed.TotalSeconds:F1}s {string.Join(",", seen.Select(x => $"{x.State}:{x.Steps}"))}");
            if (seen.Any(x => x.Steps >= 3)) break;
            Thread.Sleep(20);
        }
        if (worker.HasExited) Assert.Fail($"the worker exited before it was killed: {worker.StandardError.ReadToEnd()}");
        worker.Kill(entireProcessTree: true);
        worker.WaitForExit();
        var atKill = killed.Store.Runs();
        Assert.True(atKill.Any(r => r.State == RunState.Running && Numerics.Read(r.RunDir)?.Threads == Threads),   // the killed run is left running
            $"after {clock.Elapsed}: {string.Join("; ", atKill.Select(r => $"{r.Id} {r.State} attempt {r.Attempts}, {LoggedSteps(r.RunDir)} steps logged"))}; polls: {string.Join(" | ", polls.Where((_, i) => i % 10 == 0 || i == polls.Count - 1))}");

        killed.Drain();   // a new worker reclaims the dead owner's run and resumes it
        var runs = killed.Store.Runs();
        Assert.All(runs, r => Assert.DoesNotContain("restarted from scratch", r.Notes ?? ""));   // resumed, not redone
        Assert.All(runs, r => Assert.Equal(RunState.Done, r.State));
        foreach (var run in runs)
        {
            Assert.Equal(expected[run.Id].Metrics, run.Metrics);
            var log = File.ReadAllLines(Path.Combine(run.RunDir, "train.jsonl"));
            var calmLog = File.ReadAllLines(Path.Combine(expected[run.Id].RunDir, "train.jsonl"));
            Assert.Equal(calmLog, log);   // same trajectory, no step recorded twice
        }
        Assert.True(runs.Any(r => r.Attempts == 2), $"no run was resumed: {string.Join("; ", runs.Select(r => $"{r.Id} attempt {r.Attempts} by {r.Owner}"))}");
    }

    [Fact]
    public void A_run_resumed_under_another_thread_count_restarts_from_scratch_with_a_note()
    {
        int previous = get_num_threads();
        try
        {
            var experiment = Experiment(TinyBaseModel());
            set_num_threads(2);
            var calm = Sweep.Prepare(experiment, TestModels.TempDir());
            var calmClaim = calm.Store.Claim()!;
            calm.Executor().Execute(calmClaim.Job, calmClaim.RunDir);

            // The same run, interrupted after 3 steps at 1 thread, then resumed at 2.
            set_num_threads(1);
            var sweep = Sweep.Prepare(experiment, TestModels.TempDir());
            var claim = sweep.Store.Claim()!;
            Assert.Equal(calmClaim.RunId, claim.RunId);
            using (var stop = new CancellationTokenSource())
                Assert.ThrowsAny<OperationCanceledException>(() => sweep.Executor().Execute(claim.Job, claim.RunDir, stop.Token, p => { if (p.Step >= 3) stop.Cancel(); }));
            Assert.True(sweep.Store.Release(claim));
            Assert.Equal(1, Numerics.Read(claim.RunDir)!.Threads);
            int interruptedAt = SelGen.Training.Checkpoint.SavedStep(claim.RunDir);
            Assert.Equal(3, interruptedAt);

            set_num_threads(2);
            var again = sweep.Store.Claim()!;
            var notes = new List<string>();
            sweep.Executor().Execute(again.Job, again.RunDir, note: notes.Add);
            var note = Assert.Single(notes);
            Assert.Contains($"the checkpoint at step {interruptedAt} was made with other numerics (threads 1 → 2)", note);
            Assert.Contains("restarted from scratch", note);
            Assert.Equal(2, Numerics.Read(again.RunDir)!.Threads);
            var runJson = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(again.RunDir, "run.json")))!;
            Assert.Equal(2, runJson["numerics"]!["threads"]!.GetValue<int>());
            Assert.Equal(File.ReadAllLines(Path.Combine(calmClaim.RunDir, "train.jsonl")), File.ReadAllLines(Path.Combine(again.RunDir, "train.jsonl")));
        }
        finally { set_num_threads(previous); }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_run_interrupted_after_an_early_step_resumes_to_the_uninterrupted_trajectory(int interruptAt)
    {
        int previous = get_num_threads();
        set_num_threads(Threads);
        try
        {
            var experiment = Experiment(TinyBaseModel());
            var calm = Sweep.Prepare(experiment, TestModels.TempDir());
            var calmClaim = calm.Store.Claim()!;
            var expected = calm.Executor().Execute(calmClaim.Job, calmClaim.RunDir);

            var sweep = Sweep.Prepare(experiment, TestModels.TempDir());
            var claim = sweep.Store.Claim()!;
            using (var stop = new CancellationTokenSource())
                Assert.ThrowsAny<OperationCanceledException>(() => sweep.Executor().Execute(claim.Job, claim.RunDir, stop.Token, p => { if (p.Step >= interruptAt) stop.Cancel(); }));
            Assert.Equal(interruptAt, SelGen.Training.Checkpoint.SavedStep(claim.RunDir));
            var resumed = sweep.Executor().Execute(claim.Job, claim.RunDir);
            Assert.Equal(File.ReadAllLines(Path.Combine(calmClaim.RunDir, "train.jsonl")), File.ReadAllLines(Path.Combine(claim.RunDir, "train.jsonl")));
            Assert.Equal(expected, resumed);
        }
        finally { set_num_threads(previous); }
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
