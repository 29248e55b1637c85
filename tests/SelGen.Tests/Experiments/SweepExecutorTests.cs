using SelGen.Experiments;
using SelGen.Reports;
using static TorchSharp.torch;

namespace SelGen.Tests.Experiments;

/// <summary>
/// A sweep run through the library's executors, end to end on the tiny GCD model: worker processes (the test
/// assembly started as a worker, as the CLI starts itself), in process, and an executor that submits and returns.
/// </summary>
[Trait("Category", "Slow")]
public class SweepExecutorTests : IClassFixture<SweepExecutorTests.Swept>
{
    static readonly string Dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    /// <summary>This test assembly as a sweep worker (StoreWorkerProgram's sweep-worker mode calls SweepWorker.Run).</summary>
    static readonly WorkerCommand TestWorker = new(Dotnet,
        [typeof(StoreWorkerProgram).Assembly.Location, "sweep-worker", WorkerCommand.DirPlaceholder, WorkerCommand.ThreadsPlaceholder]);

    public sealed class Recorder : ISweepProgress
    {
        public readonly List<string> Lines = [];
        public int Polls;
        public void Line(string text) { lock (Lines) Lines.Add(text); }

        public void Follow(Func<SweepStatus> status, Func<bool> finished)
        {
            while (true)
            {
                bool last = finished();
                Assert.Equal(2, status().Runs.Count);
                Polls++;
                if (last) break;
                Thread.Sleep(100);
            }
        }
    }

    /// <summary>The tiny model's experiment, swept once by two worker processes for the tests below to compare against.</summary>
    public sealed class Swept
    {
        public readonly string Experiment = SweepKillTests.Experiment(SweepKillTests.TinyBaseModel());
        public readonly string Dir = TestModels.TempDir();
        public readonly Recorder Progress = new();
        public readonly SweepResult Result;

        public Swept()
        {
            int previous = get_num_threads();
            try
            {
                var request = new SweepRequest(Experiment, Dir) { Workers = 2, ThreadsPerWorker = 1, Reporter = HtmlSweepReporter.Instance, Progress = Progress };
                Result = SweepRunner.Run(request, WorkerProcessesExecutor.Local(2, TestWorker));
            }
            finally { set_num_threads(previous); }
        }
    }

    readonly Swept _swept;

    public SweepExecutorTests(Swept swept) => _swept = swept;

    [Fact]
    public void Two_worker_processes_drain_the_sweep_log_to_its_workers_folder_and_end_with_the_closing_line()
    {
        var (dir, result, progress) = (_swept.Dir, _swept.Result, _swept.Progress);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("sweep finished: 2/2 done", result.ClosingLine);
        Assert.Equal(result.ClosingLine, progress.Lines[^1]);
        Assert.StartsWith($"sweep 'kill test' in {dir}: 2 runs, 2 worker(s) x 1 thread(s)", progress.Lines[0]);
        Assert.Contains($"report: {Path.Combine(dir, "report", "index.html")}", progress.Lines);
        Assert.True(File.Exists(Path.Combine(dir, "report", "index.html")));
        Assert.True(progress.Polls >= 1);
        var logs = Enumerable.Range(0, 2).Select(i => File.ReadAllText(WorkerProcessesExecutor.LogPath(dir, i))).ToList();
        Assert.All(logs, log => Assert.Matches(@"worker \d+: \d done, 0 failed", log));
        // Each run was executed by one of the two workers, not by this process (which only finishes a dead worker's runs).
        Assert.All(SweepRunner.Status(dir).Runs, r => Assert.NotEqual(Environment.ProcessId, r.Owner!.Pid));
    }

    [Fact]
    public void The_in_process_executor_gives_the_worker_processes_metrics_and_refuses_more_than_one_worker()
    {
        int previous = get_num_threads();
        try
        {
            var inProcess = SweepRunner.Run(new SweepRequest(_swept.Experiment, TestModels.TempDir()) { ThreadsPerWorker = 1 }, new InProcessExecutor());
            Assert.Equal(0, inProcess.ExitCode);
            var expected = _swept.Result.Status.Runs.ToDictionary(r => r.Id, r => r.Metrics);
            Assert.All(inProcess.Status.Runs, r => Assert.Equal(expected[r.Id], r.Metrics));
            Assert.False(File.Exists(Path.Combine(inProcess.Dir, "report", "index.html")));   // no reporter, no report

            var e = Assert.Throws<SelGenException>(() => new InProcessExecutor().Start(Sweep.Open(inProcess.Dir), new SweepRequest(_swept.Experiment, inProcess.Dir) { Workers = 2 }));
            Assert.Contains("in-process executor runs one worker, not 2", e.Message);
        }
        finally { set_num_threads(previous); }
    }

    /// <summary>A scheduler stand-in: starts the workers as detached processes and returns at once, as sbatch does.</summary>
    sealed class DetachedWorkers : ISweepExecutor
    {
        public readonly List<System.Diagnostics.Process> Started = [];
        public bool Submits => true;

        public ISweepExecution Start(Sweep sweep, SweepRequest request)
        {
            var info = new System.Diagnostics.ProcessStartInfo(TestWorker.Program) { UseShellExecute = false, RedirectStandardOutput = true };
            foreach (var a in TestWorker.For(sweep.Dir, request.ResolvedThreads)) info.ArgumentList.Add(a);
            Started.Add(System.Diagnostics.Process.Start(info)!);
            return new Submitted(Started[^1].Id);
        }

        sealed class Submitted(int pid) : ISweepExecution
        {
            public bool HasEnded => true;
            public IReadOnlyList<string> End() => [$"submitted as process {pid}"];
        }
    }

    [Fact]
    public void A_submitting_executor_returns_at_once_and_the_sweep_is_followed_by_status_and_concluded_later()
    {
        var dir = TestModels.TempDir();
        var executor = new DetachedWorkers();
        var progress = new Recorder();
        var result = SweepRunner.Run(new SweepRequest(_swept.Experiment, dir) { ThreadsPerWorker = 1, Progress = progress }, executor);

        Assert.True(result.Submitted);
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("sweep submitted: 0/2 done", result.ClosingLine);
        Assert.Contains(progress.Lines, l => l.StartsWith("submitted as process ", StringComparison.Ordinal));
        Assert.Equal(0, progress.Polls);                                   // nothing followed here
        Assert.False(Directory.Exists(Path.Combine(dir, Sweep.BaseDir)));  // nor the base evaluated here

        executor.Started.Single().WaitForExit();
        Assert.All(SweepRunner.Status(dir).Runs, r => Assert.Equal(RunState.Done, r.State));
        var concluded = SweepRunner.Conclude(dir, HtmlSweepReporter.Instance);
        Assert.Equal(("sweep finished: 2/2 done", 0), (concluded.ClosingLine, concluded.ExitCode));
        Assert.True(File.Exists(Path.Combine(dir, "report", "index.html")));
    }
}
