using System.Globalization;
using SelGen.Experiments;
using SelGen.Reports;

namespace SelGen.Cli.Commands;

/// <summary>selgen demo: a small sweep on the built-in GCD world and shipped base model, with its report.</summary>
public sealed class DemoCommand : ICommand
{
    public string Name => "demo";
    public string Summary => "quick end-to-end demo: a small GCD sweep (task-only, Mixed, KL, gradient projection) and its report";
    public string Help => """
        Usage: selgen demo [--out DIR] [--workers N]

        Runs experiments/demo.json on the built-in GCD world with the shipped base model
        (models/gcd-small): task-only, Mixed and KL penalty at two strengths each, gradient projection
        (always / on conflict), one seed, a subset of the evaluation ids; then writes the report and prints where it is. No network and no set-up beyond the build.

          --out DIR     sweep folder (default runs/demo-YYYYMMDD-HHMMSS in the repository)
          --workers N   worker processes (default 2, one thread each)
        """;

    public int Run(Arguments args)
    {
        var root = RepoPaths.Root();
        var outDir = args.String("out") ?? Path.Combine(root, "runs", "demo-" + DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        int workers = args.Int("workers", 2, 1);
        args.EnsureAllUsed();
        if (workers < 1) throw new UsageException("--workers must be at least 1");
        var started = DateTime.UtcNow;
        var request = new SweepRequest(Path.Combine(root, "experiments", "demo.json"), outDir)
        {
            Workers = workers,
            Reporter = HtmlSweepReporter.Instance,
            Progress = new SweepProgressView(Console.Out),
        };
        var result = SweepRunner.Run(request, WorkerProcessesExecutor.Local(workers, SweepCommand.Worker));
        Console.WriteLine($"demo finished in {DateTime.UtcNow - started:mm\\:ss}; open {Path.Combine(outDir, "report", "index.html")}");
        return result.ExitCode;
    }
}
