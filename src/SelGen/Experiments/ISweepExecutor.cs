namespace SelGen.Experiments;

/// <summary>
/// How a prepared sweep's runs get executed. Two kinds: an executor that drains the runs and waits for them
/// (<see cref="InProcessExecutor"/>, <see cref="WorkerProcessesExecutor"/>), and one that hands them to a scheduler
/// and returns (<see cref="Submits"/>; a cluster's job array): its sweep is then followed with
/// <see cref="SweepRunner.Status"/> and concluded with <see cref="SweepRunner.Conclude"/>. Every executor works
/// through the sweep folder's run store, so executions of any kind can share one folder and resume each other.
/// </summary>
public interface ISweepExecutor
{
    /// <summary>True for an executor that submits the runs elsewhere and returns at once: the caller neither
    /// evaluates the base model here nor waits for the runs nor writes the report (the runs are not done yet).</summary>
    bool Submits => false;

    /// <summary>Starts executing the sweep's pending runs and returns a handle at once.</summary>
    ISweepExecution Start(Sweep sweep, SweepRequest request);
}

/// <summary>The runs an executor has started.</summary>
public interface ISweepExecution
{
    /// <summary>True once this execution does no more work here (its workers have exited, or its jobs are submitted).</summary>
    bool HasEnded { get; }

    /// <summary>Waits until <see cref="HasEnded"/>, finishes what it leaves behind (e.g. a dead worker's run), and
    /// returns what to tell about it (a worker that died and where its log is; the scheduler's job ids).</summary>
    IReadOnlyList<string> End();
}
