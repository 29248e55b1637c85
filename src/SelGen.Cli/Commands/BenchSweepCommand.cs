using SelGen.Bench;

namespace SelGen.Cli.Commands;

/// <summary>selgen bench sweep: time a sample of an experiment's runs phase by phase and project the whole sweep.</summary>
public sealed class BenchSweepCommand : ICommand
{
    public string Name => "sweep";
    public string Summary => "time a sample of an experiment's runs by phase and project the whole sweep's wall time";
    public string Help => """
        Usage: selgen bench sweep --config FILE.json [--sample N] [--workers W] [--threads T] [--work DIR] [--json]

        Runs N of the experiment's runs (default: one per method, each at its middle grid point and the first
        seed) through the real sweep machinery in this process, with the threads a worker of a W-worker sweep
        gets (T, default cores / W), and times each phase: process start (this CLI started once with --help),
        start and JIT (libtorch, the fused AdamW's script, the loop), set-up (the world's data), base
        evaluation, and per run model load,
        reference precompute, training, checkpoint, generation, scoring and the rest; then the report.
        Projects the whole experiment's wall time with W workers: each run costs its method's measured
        seconds, training scaled by the run's optimizer steps; runs are dealt to the workers longest first.
        The projection assumes W workers run as fast together as one alone, so it holds for an idle machine:
        the JSON records the load average before and after to read it against.

          --config FILE.json   the experiment (see docs/experiments.md)
          --sample N           runs to execute; at least the number of methods (default: one per method)
          --workers W          workers the projection assumes (default 2)
          --threads T          torch threads for the sample (default: cores / W, at least 1)
          --work DIR           folder for the sample sweep (default: a new temporary folder, kept)
          --json               one JSON object: projected_minutes, phases (seconds summed over the sample), ...
        """;

    public int Run(Arguments args)
    {
        var settings = new SweepBenchSettings(args.Required("config"), args.Int("sample"), args.Int("workers", 2), args.Int("threads"), args.String("work"),
            CliAssembly: typeof(BenchSweepCommand).Assembly.Location);
        bool json = args.Flag("json");
        args.EnsureAllUsed();
        if (settings.Workers < 1) throw new UsageException("--workers must be at least 1");
        if (settings.Sample is < 1) throw new UsageException("--sample must be at least 1");
        if (settings.ThreadsPerWorker is < 1) throw new UsageException("--threads must be at least 1");
        var r = SweepBenchmark.Run(settings, Console.Error.WriteLine);
        if (json)
        {
            Console.WriteLine(r.ToJson().ToJsonString());
            return 0;
        }
        Console.WriteLine($"{r.Experiment}: {r.Runs} runs, {r.Workers} worker(s) x {r.ThreadsPerWorker} thread(s) on {r.Cores} cores; load {r.LoadBefore} before, {r.LoadAfter} after");
        Console.WriteLine($"projected wall time: {r.ProjectedMinutes:F1} min");
        Console.WriteLine();
        Console.WriteLine("phase seconds (summed over the sample):");
        foreach (var (phase, s) in r.Phases) Console.WriteLine($"  {phase,-22}{SweepBenchmark.Format(s),9}");
        Console.WriteLine();
        Console.WriteLine($"{"method",-22}{"runs",6}{"s/run",9}");
        foreach (var m in r.Methods) Console.WriteLine($"{m.Method,-22}{m.Runs,6}{SweepBenchmark.Format(m.SecondsPerRun),9}");
        Console.WriteLine($"sample sweep folder: {r.SweepDir}");
        return 0;
    }
}
