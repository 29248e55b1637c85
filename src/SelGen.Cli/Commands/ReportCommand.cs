using SelGen.Reports;

namespace SelGen.Cli.Commands;

/// <summary>selgen report DIR: figures, tables and an HTML page from a sweep folder's run store and report.json.</summary>
public sealed class ReportCommand : ICommand
{
    public string Name => "report";
    public string Summary => "Pareto plot, metric bars, training curves and tables of a sweep folder";
    public string Help => """
        Usage: selgen report DIR

        Reads DIR/runs.sqlite (the sweep's run store) and DIR/report.json (axis metrics and labels,
        the task-only method, base-model metrics; see docs/reports.md) and writes DIR/report/:
          index.html                 self-contained page (figures embedded)
          pareto.png/.svg            capability vs alignment, seed means ±1 SE, frontier
          metric_NAME.png/.svg       bars of every metric per method and knob setting
          curve_METHOD_FIELD.png/.svg training curves from each run's JSONL log
          runs, points, hypervolume, frontier (.csv and .md)
        Only finished runs are aggregated, so a sweep in progress can be reported.
        """;

    public int Run(Arguments args)
    {
        args.EnsureAllUsed();
        if (args.Positionals.Count != 1) throw new UsageException("give exactly one sweep folder, e.g. selgen report sweeps/gcd");
        var result = ReportWriter.Write(args.Positionals[0]);
        foreach (var note in result.Notes) Console.Error.WriteLine($"note: {note}");
        Console.Out.WriteLine($"wrote {result.Files.Count} files to {result.Dir}");
        Console.Out.WriteLine(result.IndexHtml);
        return 0;
    }
}
