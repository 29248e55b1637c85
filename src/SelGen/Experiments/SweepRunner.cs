using static TorchSharp.torch;

namespace SelGen.Experiments;

/// <summary>How a sweep ended (or, for a submitting executor, that it was handed over).</summary>
/// <param name="ClosingLine">"sweep finished: N/N done", "sweep incomplete: ..." or "sweep submitted: ...".</param>
/// <param name="ExitCode">0 when every run is done (or the runs were submitted), else 1.</param>
public sealed record SweepResult(string Dir, SweepStatus Status, string ClosingLine, int ExitCode, bool Submitted = false);

/// <summary>
/// Runs a sweep: prepares the folder (registers every run of the experiment), evaluates the base model once,
/// lets the executor drain the runs while the progress sink follows them, names failed runs and restarts,
/// writes the report and ends with one closing line. Resumable: run it again on the same folder after a kill
/// and finished runs are kept, interrupted ones resume from their checkpoint.
/// </summary>
public static class SweepRunner
{
    public static SweepResult Run(SweepRequest request, ISweepExecutor executor)
    {
        request.Validate();
        var progress = request.Progress ?? Silent.Instance;
        var sweep = Sweep.Prepare(request.ConfigPath, request.OutDir);
        int threads = request.ResolvedThreads;
        progress.Line($"sweep '{sweep.Experiment.Name}' in {sweep.Dir}: {sweep.Store.Runs().Count} runs, {request.Workers} worker(s) x {threads} thread(s)");
        if (executor.Submits)
        {
            var submitted = executor.Start(sweep, request);
            foreach (var line in submitted.End()) progress.Line(line);
            var status = sweep.Status();
            var closing = $"sweep submitted: {status.Counts()}; follow it with the sweep's status, and report it when it is done";
            progress.Line(closing);
            return new SweepResult(sweep.Dir, status, closing, 0, Submitted: true);
        }
        // Before the base evaluation too: it must not take more threads than a worker.
        set_num_threads(threads);
        if (sweep.Experiment.EvaluateBase)
        {
            progress.Line("evaluating the base model...");
            sweep.EnsureBaseEvaluated();
        }
        var execution = executor.Start(sweep, request);
        progress.Follow(sweep.Status, () => execution.HasEnded);
        foreach (var line in execution.End()) progress.Line(line);
        return Conclude(sweep.Dir, request.Reporter, progress);
    }

    /// <summary>The state of the sweep in <paramref name="sweepDir"/>, from any process (a submitted sweep's status).</summary>
    public static SweepStatus Status(string sweepDir) => SweepStatus.Read(sweepDir);

    /// <summary>Names the failed and restarted runs, writes the report when a run is done, and says the closing line.</summary>
    public static SweepResult Conclude(string sweepDir, ISweepReporter? reporter, ISweepProgress? progress = null)
    {
        progress ??= Silent.Instance;
        var status = SweepStatus.Read(sweepDir);
        foreach (var failed in status.Runs.Where(r => r.State == RunState.Failed))
            progress.Line($"failed: {failed.Method} {RunJob.DescribeKnobs(failed.KnobsJson)} seed {failed.Seed} ({failed.Id}): {FirstLine(failed.Error)}");
        foreach (var run in status.Runs.Where(r => r.Notes?.Contains("restarted from scratch", StringComparison.Ordinal) == true))
            progress.Line($"note: {run.Method} {RunJob.DescribeKnobs(run.KnobsJson)} seed {run.Seed} ({run.Id}): " +
                run.Notes!.Split('\n').Last(l => l.Contains("restarted from scratch", StringComparison.Ordinal)));
        if (reporter is not null && status.Runs.Any(r => r.State == RunState.Done))
            progress.Line($"report: {reporter.Write(status.Dir)}");
        var (line, code) = status.Outcome();
        progress.Line(line);
        return new SweepResult(status.Dir, status, line, code);
    }

    static string FirstLine(string? text) => (text ?? "").Split('\n')[0];

    sealed class Silent : ISweepProgress
    {
        public static readonly Silent Instance = new();
        public void Line(string text) { }

        public void Follow(Func<SweepStatus> status, Func<bool> finished)
        {
            while (!finished()) Thread.Sleep(500);
        }
    }
}
