namespace SelGen.Experiments;

/// <summary>
/// What to run: an experiment file into a sweep folder, with how many workers and threads, whether to write the
/// report at the end, and where to tell what happens. <see cref="SweepRunner.Run"/> carries it out through an
/// <see cref="ISweepExecutor"/>.
/// </summary>
/// <param name="ConfigPath">The experiment file (docs/experiments.md).</param>
/// <param name="OutDir">The sweep folder; a folder holding the same experiment is resumed.</param>
public sealed record SweepRequest(string ConfigPath, string OutDir)
{
    /// <summary>Workers that drain the runs at once (processes for <see cref="WorkerProcessesExecutor"/>).</summary>
    public int Workers { get; init; } = 1;

    /// <summary>Torch threads per worker; null: cores / workers, at least 1. The thread count decides the numerics
    /// (a run resumed under another one restarts from scratch).</summary>
    public int? ThreadsPerWorker { get; init; }

    /// <summary>Writes the report once the runs are over (<c>ReportWriter.Html</c> for the HTML report); null: none.</summary>
    public ISweepReporter? Reporter { get; init; }

    /// <summary>Where the sweep's account and its runs' progress go; null: nowhere.</summary>
    public ISweepProgress? Progress { get; init; }

    /// <summary>The threads each worker gets.</summary>
    public int ResolvedThreads => ThreadsPerWorker ?? Math.Max(1, Environment.ProcessorCount / Math.Max(1, Workers));

    /// <summary>Refuses counts that cannot work, naming the field.</summary>
    public SweepRequest Validate()
    {
        if (Workers < 1) throw new SelGenException($"sweep: workers is {Workers}; it must be at least 1");
        if (ThreadsPerWorker is < 1) throw new SelGenException($"sweep: threads per worker is {ThreadsPerWorker}; it must be at least 1");
        return this;
    }
}

/// <summary>Writes a sweep folder's report (the report layer implements it; the sweep does not know what a report draws).</summary>
public interface ISweepReporter
{
    /// <summary>Writes the report of the sweep in <paramref name="sweepDir"/>; returns the file to open.</summary>
    string Write(string sweepDir);
}

/// <summary>Where a sweep tells what it does. <see cref="TextSweepProgress"/> writes plain lines; a terminal
/// front end can draw progress bars instead.</summary>
public interface ISweepProgress
{
    /// <summary>One line of the sweep's account: its start, the base evaluation, failed runs, the report, the closing line.</summary>
    void Line(string text);

    /// <summary>Shows the runs' progress while they execute: called on the sweep's thread, it polls
    /// <paramref name="status"/> until <paramref name="finished"/> is true (and shows that last state) and then returns.</summary>
    void Follow(Func<SweepStatus> status, Func<bool> finished);
}
