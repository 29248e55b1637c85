using SelGen.Evaluation.Items;
using SelGen.Experiments;

namespace SelGen.Reports;

/// <summary>What <see cref="ReportWriter.Write"/> produced.</summary>
/// <param name="Notes">Things the reader should know (no reference corner, runs without logs, failed runs).</param>
public sealed record ReportResult(string Dir, string IndexHtml, IReadOnlyList<string> Files, IReadOnlyList<string> Notes);

/// <summary>
/// <c>selgen report DIR</c>: reads DIR/runs.sqlite and DIR/report.json and writes DIR/report/:
/// index.html (self-contained), pareto.png/.svg, metric_NAME.png/.svg for every metric,
/// curve_METHOD_FIELD.png/.svg for every curve field, and runs, points, hypervolume and frontier
/// tables as .csv and .md.
/// </summary>
public static class ReportWriter
{
    public const string OutputFolder = "report";

    /// <param name="axes">Other metrics for the Pareto plane (null: report.json's).</param>
    /// <param name="outputFolder">Folder name inside the sweep folder (default "report").</param>
    /// <param name="planeOnly">Only the Pareto plot, the hypervolume ranking and the frontier (a second view of a
    /// sweep does not need the bar charts and curves again).</param>
    /// <param name="bootstrap">Replicates and seed of the item+seed bootstrap, used when the runs have items files.</param>
    public static ReportResult Write(string sweepDir, TimeProvider? clock = null, ReportAxes? axes = null, string outputFolder = OutputFolder,
        bool planeOnly = false, BootstrapOptions? bootstrap = null)
    {
        if (outputFolder.Length == 0 || outputFolder.IndexOfAny(['/', '\\']) >= 0 || outputFolder is "." or "..")
            throw new SelGenException($"report folder '{outputFolder}' must be a plain folder name inside the sweep folder, e.g. report-task");
        var data = ReportData.Load(sweepDir, axes, bootstrap);
        var dir = Path.Combine(data.SweepDir, outputFolder);
        Directory.CreateDirectory(dir);
        var notes = Notes(data);

        var pareto = ParetoFigure.Draw(data, dir);
        var bars = new List<Figure>();
        var curves = new List<Figure>();
        var tables = new List<Table> { ReportTables.Ranking(data), ReportTables.Frontier(data) };
        if (!planeOnly)
        {
            bars.AddRange(data.MetricNames.Select(m => MetricBarsFigure.Draw(data, m, dir)).OfType<Figure>());
            var logs = TrainingCurvesFigure.ReadLogs(data);
            curves.AddRange(data.Methods.SelectMany(m => data.Spec.CurveFields.Select(f => TrainingCurvesFigure.Draw(data, m, f, logs, dir)))
                .OfType<Figure>());
            int withoutLog = data.Runs.Count(r => r.State == RunState.Done && !logs.ContainsKey(r.Id));
            if (withoutLog > 0) notes.Add($"{withoutLog} finished run(s) have no training log ({data.Spec.TrainLog}) and are missing from the curves.");
            tables.AddRange([ReportTables.Points(data), ReportTables.Runs(data)]);
        }
        var files = new List<string> { pareto.PngPath, pareto.SvgPath };
        files.AddRange(bars.Concat(curves).SelectMany(f => new[] { f.PngPath, f.SvgPath }));
        foreach (var t in tables)
        {
            files.Add(WriteText(dir, t.Name + ".csv", t.ToCsv()));
            files.Add(WriteText(dir, t.Name + ".md", t.ToMarkdown()));
        }
        var html = HtmlReport.Render(data, pareto, bars, curves, tables, notes, (clock ?? TimeProvider.System).GetUtcNow());
        var index = WriteText(dir, "index.html", html);
        files.Insert(0, index);
        return new ReportResult(dir, index, files, notes);
    }

    static List<string> Notes(ReportData data)
    {
        var notes = new List<string>();
        if (data.ReferenceProblem is { } p) notes.Add($"No hypervolume ranking: {p}.");
        if (data.BootstrapProblem is { } items) notes.Add($"No item+seed bootstrap: {items}.");
        if (data.Spec.Base is not null && data.BasePoint is null)
            notes.Add($"report.json 'base.metrics' lacks '{data.Spec.X.Metric}' or '{data.Spec.Y.Metric}', so the base model is not on the plane.");
        int unfinished = data.Runs.Count(r => r.State is RunState.Pending or RunState.Running);
        if (unfinished > 0) notes.Add($"{unfinished} run(s) are not finished yet; the aggregates use the finished ones only.");
        foreach (var r in data.Runs.Where(r => r.State == RunState.Failed))
            notes.Add($"Run {r.Id} ({r.Method} {RunJob.DescribeKnobs(r.KnobsJson)}, seed {r.Seed}) failed: {r.Error}");
        var single = data.Points.Where(p => p.Seeds.Count == 1).ToList();
        if (single.Count > 0) notes.Add($"{single.Count} point(s) have a single finished seed: no standard error or interval for them.");
        return notes;
    }

    static string WriteText(string dir, string name, string text)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
