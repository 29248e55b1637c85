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
        share the work. Ends by writing DIR/report/ (selgen report DIR) and one closing line: "sweep finished: N/N
        done" and exit code 0 when every run is done; otherwise "sweep incomplete: ..." with the count in each
        state, and exit code 1. Failed runs are listed with their error; 'selgen retry DIR' makes them pending again.
        A run interrupted (killed) while it made progress is resumed, never counted as failed; a run resumed
        under other threads, device, dtype or libtorch restarts from scratch, with a note in its run store row.

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
            // A worker that died (killed, out of memory) leaves its run claimable: finish such runs here.
            for (int i = 0; i < processes.Count; i++)
                if (processes[i].ExitCode is not (0 or 1))
                    output.WriteLine($"worker {i} exited with code {processes[i].ExitCode}; its log: {Path.Combine(sweep.Dir, "workers", $"worker-{i}.log")}");
            sweep.Drain();
        }
        var runs = sweep.Store.Runs();
        foreach (var failed in runs.Where(r => r.State == RunState.Failed))
            output.WriteLine($"failed: {failed.Method} {RunJob.DescribeKnobs(failed.KnobsJson)} seed {failed.Seed} ({failed.Id}): {FirstLine(failed.Error)}");
        foreach (var run in runs.Where(r => r.Notes?.Contains("restarted from scratch", StringComparison.Ordinal) == true))
            output.WriteLine($"note: {run.Method} {RunJob.DescribeKnobs(run.KnobsJson)} seed {run.Seed} ({run.Id}): " +
                run.Notes!.Split('\n').Last(l => l.Contains("restarted from scratch", StringComparison.Ordinal)));
        if (!noReport && runs.Any(r => r.State == RunState.Done))
        {
            ReportWriter.Write(sweep.Dir);
            output.WriteLine($"report: {Path.Combine(sweep.Dir, "report", "index.html")}");
        }
        var (line, code) = Outcome(runs, sweep.Dir);
        output.WriteLine(line);
        return code;
    }

    /// <summary>The closing line and exit code: 0 only when every run is done, and the line says exactly what is not.</summary>
    public static (string Line, int ExitCode) Outcome(IReadOnlyList<RunRecord> runs, string dir)
    {
        int done = runs.Count(r => r.State == RunState.Done);
        if (done == runs.Count) return ($"sweep finished: {done}/{runs.Count} done", 0);
        var parts = new List<string> { $"{done}/{runs.Count} done" };
        int failed = runs.Count(r => r.State == RunState.Failed), pending = runs.Count(r => r.State == RunState.Pending);
        if (failed > 0) parts.Add($"{failed} failed (selgen retry {dir} to run them again)");
        if (pending > 0) parts.Add($"{pending} pending");
        var running = runs.Where(r => r.State == RunState.Running).ToList();
        var alive = running.Where(r => r.Owner?.IsAlive() != false).ToList();
        if (alive.Count > 0) parts.Add($"{alive.Count} still running in another process ({string.Join(", ", alive.Select(r => r.Owner).Distinct())})");
        if (running.Count > alive.Count) parts.Add($"{running.Count - alive.Count} interrupted (resumed by the next sweep on this folder)");
        return ($"sweep incomplete: {string.Join(", ", parts)}", 1);
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
