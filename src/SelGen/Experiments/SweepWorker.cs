using static TorchSharp.torch;

namespace SelGen.Experiments;

/// <summary>One worker of a sweep, as a worker process runs it (<see cref="WorkerCommand"/>): claims and executes
/// runs of an already prepared sweep folder until none is left.</summary>
public static class SweepWorker
{
    /// <summary>Drains <paramref name="sweepDir"/> with <paramref name="threads"/> torch threads; exit code 1 when a run failed.</summary>
    public static int Run(string sweepDir, int threads, TextWriter output)
    {
        if (threads < 1) throw new SelGenException($"sweep worker: threads is {threads}; it must be at least 1");
        set_num_threads(threads);
        var (done, failed) = Sweep.Open(sweepDir).Drain();
        output.WriteLine($"worker {Environment.ProcessId}: {done} done, {failed} failed");
        return failed > 0 ? 1 : 0;
    }
}
