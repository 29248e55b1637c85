using SelGen.Evaluation.Items;
using SelGen.Reports;

namespace SelGen.Cli.Commands;

/// <summary>selgen report DIR: figures, tables and an HTML page from a sweep folder's run store and report.json.</summary>
public sealed class ReportCommand : ICommand
{
    public string Name => "report";
    public string Summary => "Pareto plot, metric bars, training curves and tables of a sweep folder";
    public string Help => """
        Usage: selgen report DIR [--x METRIC] [--y METRIC] [--out NAME] [--plane-only] [--replicates N] [--bootstrap-seed S]

        Reads DIR/runs.sqlite (the sweep's run store) and DIR/report.json (axis metrics and labels,
        the task-only method, base-model metrics; see docs/reports.md) and writes DIR/report/:
          index.html                 self-contained page (figures embedded)
          pareto.png/.svg            capability vs alignment, seed means with intervals, frontier
          metric_NAME.png/.svg       bars of every metric per method and knob setting
          curve_METHOD_FIELD.png/.svg training curves from each run's JSONL log
          runs, points, hypervolume, frontier (.csv and .md)
        Only finished runs are aggregated, so a sweep in progress can be reported. When every finished run
        has an items.jsonl, the axis metrics and hypervolumes get 95% intervals of a bootstrap over
        evaluation items and seeds; otherwise the intervals are over seeds only (±1 SE).

        Options:
          --x METRIC, --y METRIC   put other metrics on the Pareto plane than report.json's (labels and
                                   scales from report.json when it has them); the plot, frontier and
                                   hypervolume ranking follow the new axes
          --out NAME               write into DIR/NAME instead of DIR/report (e.g. report-task)
          --plane-only             only the Pareto plot, hypervolume ranking and frontier (for a second view)
          --replicates N           bootstrap replicates (default 1000)
          --bootstrap-seed S       seed of the bootstrap's resampling (default 0)
        """;

    public int Run(Arguments args)
    {
        string? x = args.String("x"), y = args.String("y");
        string folder = args.String("out") ?? ReportWriter.OutputFolder;
        bool planeOnly = args.Flag("plane-only");
        var bootstrap = new BootstrapOptions(args.Int("replicates", 1000), args.Int("bootstrap-seed", 0));
        args.EnsureAllUsed();
        bootstrap.Validate();
        if (args.Positionals.Count != 1) throw new UsageException("give exactly one sweep folder, e.g. selgen report sweeps/gcd");
        var axes = x is null && y is null ? null : new ReportAxes(x, y);
        var result = ReportWriter.Write(args.Positionals[0], axes: axes, outputFolder: folder, planeOnly: planeOnly, bootstrap: bootstrap);
        foreach (var note in result.Notes) Console.Error.WriteLine($"note: {note}");
        Console.Out.WriteLine($"wrote {result.Files.Count} files to {result.Dir}");
        Console.Out.WriteLine(result.IndexHtml);
        return 0;
    }
}
