namespace SelGen.Experiments;

/// <summary>Drains the sweep in this process, on one background thread (one worker), so the caller can follow its progress.</summary>
public sealed class InProcessExecutor : ISweepExecutor
{
    public ISweepExecution Start(Sweep sweep, SweepRequest request)
    {
        if (request.Workers != 1)
            throw new SelGenException($"sweep: the in-process executor runs one worker, not {request.Workers}; use the worker-processes executor for more");
        return new Execution(Task.Run(() => sweep.Drain()));
    }

    sealed class Execution(Task drain) : ISweepExecution
    {
        public bool HasEnded => drain.IsCompleted;

        public IReadOnlyList<string> End()
        {
            drain.GetAwaiter().GetResult();
            return [];
        }
    }
}
