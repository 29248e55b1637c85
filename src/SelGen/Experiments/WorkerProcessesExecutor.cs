using System.Diagnostics;

namespace SelGen.Experiments;

/// <summary>
/// Drains the sweep with <see cref="SweepRequest.Workers"/> worker processes on this machine, each started by
/// <paramref name="command"/> with its output in DIR/workers/worker-I.log. A worker that dies (killed, out of
/// memory) leaves its run claimable; <see cref="ISweepExecution.End"/> finishes such runs in this process.
/// </summary>
public sealed class WorkerProcessesExecutor(WorkerCommand command) : ISweepExecutor
{
    public ISweepExecution Start(Sweep sweep, SweepRequest request)
    {
        int threads = request.ResolvedThreads;
        var processes = Enumerable.Range(0, request.Workers).Select(i => StartWorker(sweep.Dir, threads, i)).ToList();
        return new Execution(sweep, processes);
    }

    /// <summary>In-process for one worker (no process to start), worker processes for more: what <c>selgen sweep</c> does.</summary>
    public static ISweepExecutor Local(int workers, WorkerCommand command) =>
        workers == 1 ? new InProcessExecutor() : new WorkerProcessesExecutor(command);

    /// <summary>The log of worker <paramref name="index"/> in a sweep folder.</summary>
    public static string LogPath(string sweepDir, int index) => Path.Combine(sweepDir, "workers", $"worker-{index}.log");

    Process StartWorker(string dir, int threads, int index)
    {
        var logPath = LogPath(dir, index);
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var info = new ProcessStartInfo(command.Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.For(dir, threads)) info.ArgumentList.Add(argument);
        var process = Process.Start(info) ?? throw new SelGenException($"could not start a worker process ({command.Program})");
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    sealed class Execution(Sweep sweep, IReadOnlyList<Process> processes) : ISweepExecution
    {
        public bool HasEnded => processes.All(p => p.HasExited);

        public IReadOnlyList<string> End()
        {
            foreach (var p in processes) p.WaitForExit();
            var lines = new List<string>();
            for (int i = 0; i < processes.Count; i++)
                if (processes[i].ExitCode is not (0 or 1))
                    lines.Add($"worker {i} exited with code {processes[i].ExitCode}; its log: {LogPath(sweep.Dir, i)}");
            // A worker that died leaves its run claimable: finish such runs here.
            sweep.Drain();
            foreach (var p in processes) p.Dispose();
            return lines;
        }
    }
}
