using SelGen.Experiments;
using SelGen.Reports;

namespace SelGen.Cli.Commands;

using static SelGen.Cli.Arguments;

/// <summary>selgen sweep: run an experiment's grid (methods × knobs × seeds) into a sweep folder.</summary>
public sealed class SweepCommand : ICommand
{
    public string Name => "sweep";
    public string Summary => "run an experiment's grid of methods x strengths x seeds, resumable, then report";
    public string Help => """
        Usage: selgen sweep --config FILE.json --out DIR [--workers N] [--threads T] [--no-report]

        Registers every run of the experiment in DIR/runs.sqlite, evaluates the base model once, and drains
        the runs with N worker processes (threads per worker: T, default cores / N). Kill it at any moment
        (even kill -9) and start it again with the same arguments: finished runs are kept, interrupted ones
        resume from their last checkpoint, nothing is recorded twice. Several sweeps started on one folder
        share the work. Ends by writing DIR/report/ (selgen report DIR) and one closing line: "sweep finished: N/N
        done" and exit code 0 when every run is done; otherwise "sweep incomplete: ..." with the count in each
        state, and exit code 1. Failed runs are listed with their error; 'selgen retry DIR' makes them pending again.
        A run interrupted (killed) while it made progress is resumed, never counted as failed; a run resumed
        under other threads, device, dtype or libtorch restarts from scratch, with a note in its run store row.
        Worker processes write their output to DIR/workers/worker-I.log.

          --config FILE.json   the experiment (see docs/experiments.md)
          --out DIR            the sweep folder
          --workers N          worker processes (default 1: the runs execute in this process)
          --threads T          torch threads per worker (default: cores / workers, at least 1)
          --no-report          do not write the report at the end
        """;

    public int Run(Arguments args)
    {
        var outDir = args.Required("out");
        bool worker = args.Flag("worker");
        int workers = args.Int("workers", 1, 1);
        int? threads = args.IntOrNull("threads", 1, MaxThreads);
        bool noReport = args.Flag("no-report");
        var configPath = worker ? null : args.Required("config");
        args.EnsureAllUsed();
        if (workers < 1) throw new UsageException("--workers must be at least 1");
        if (worker) return SweepWorker.Run(outDir, threads ?? Math.Max(1, Environment.ProcessorCount / workers), Console.Out);

        var request = new SweepRequest(configPath!, outDir)
        {
            Workers = workers,
            ThreadsPerWorker = threads,
            Reporter = noReport ? null : HtmlSweepReporter.Instance,
            Progress = new SweepProgressView(Console.Out),
        };
        return SweepRunner.Run(request, WorkerProcessesExecutor.Local(workers, Worker)).ExitCode;
    }

    /// <summary>A worker is this very program with --worker (hidden: only sweeps start it).</summary>
    public static readonly WorkerCommand Worker = new("dotnet",
        [typeof(SweepCommand).Assembly.Location, "sweep", "--out", WorkerCommand.DirPlaceholder, "--worker", "--threads", WorkerCommand.ThreadsPlaceholder]);
}
