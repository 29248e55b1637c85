using System.Diagnostics;
using SelGen.Experiments;
using SelGen.Reports;
using static TorchSharp.torch;

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
        share the work. Ends by writing DIR/report/ (selgen report DIR). Exit code 1 if any run failed.

          --config FILE.json   the experiment (see docs/experiments.md)
          --out DIR            the sweep folder
          --workers N          worker processes (default 1)
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
        int perWorker = threads ?? Math.Max(1, Environment.ProcessorCount / workers);

        if (worker)
        {
            set_num_threads(perWorker);
            var (done, failed) = Sweep.Open(outDir).Drain();
            Console.WriteLine($"worker {Environment.ProcessId}: {done} done, {failed} failed");
            return failed > 0 ? 1 : 0;
        }
        return RunSweep(configPath!, outDir, workers, perWorker, noReport, Console.Out);
    }

    /// <summary>Prepares the folder, evaluates the base model, drains with the workers, reports. Also used by the demo.</summary>
    public static int RunSweep(string configPath, string outDir, int workers, int threadsPerWorker, bool noReport, TextWriter output)
    {
        var sweep = Sweep.Prepare(configPath, outDir);
        output.WriteLine($"sweep '{sweep.Experiment.Name}' in {sweep.Dir}: {sweep.Store.Runs().Count} runs, {workers} worker(s) x {threadsPerWorker} thread(s)");
        // Before the base evaluation too: it must not take more threads than a worker.
        set_num_threads(threadsPerWorker);
        if (sweep.Experiment.EvaluateBase)
        {
            output.WriteLine("evaluating the base model...");
            sweep.EnsureBaseEvaluated();
        }
        if (workers == 1)
        {
            var drain = Task.Run(() => sweep.Drain());
            SweepProgressView.Watch(sweep, () => drain.IsCompleted, output);
            drain.GetAwaiter().GetResult();
        }
        else
        {
            var processes = Enumerable.Range(0, workers).Select(i => StartWorker(sweep.Dir, threadsPerWorker, i)).ToList();
            SweepProgressView.Watch(sweep, () => processes.All(p => p.HasExited), output);
            foreach (var p in processes) p.WaitForExit();
        }
        var runs = sweep.Store.Runs();
        foreach (var failed in runs.Where(r => r.State == RunState.Failed))
            output.WriteLine($"failed: {failed.Method} {RunJob.DescribeKnobs(failed.KnobsJson)} seed {failed.Seed}: {FirstLine(failed.Error)}");
        if (!noReport && runs.Any(r => r.State == RunState.Done))
        {
            ReportWriter.Write(sweep.Dir);
            output.WriteLine($"report: {Path.Combine(sweep.Dir, "report", "index.html")}");
        }
        return runs.Any(r => r.State == RunState.Failed) ? 1 : 0;
    }

    /// <summary>Another process of this very program, as a worker; its output goes to DIR/workers/.</summary>
    static Process StartWorker(string dir, int threads, int index)
    {
        var logs = Directory.CreateDirectory(Path.Combine(dir, "workers")).FullName;
        var self = typeof(SweepCommand).Assembly.Location;
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { self, "sweep", "--out", dir, "--worker", "--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new SelGenException("could not start a worker process");
        var log = new StreamWriter(Path.Combine(logs, $"worker-{index}.log"), append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    static string FirstLine(string? text) => (text ?? "").Split('\n')[0];
}
