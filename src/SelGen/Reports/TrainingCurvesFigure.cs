using ScottPlot;
using SelGen.Experiments;

namespace SelGen.Reports;

/// <summary>
/// A logged field (loss by default) against optimizer step for every finished run of one method: one
/// colour per knob setting (light to dark as the knob grows), one line per seed.
/// </summary>
static class TrainingCurvesFigure
{
    /// <summary>Null when no run of the method has the field in its log.</summary>
    public static Figure? Draw(ReportData data, string method, string field, IReadOnlyDictionary<string, TrainingLog> logs, string dir)
    {
        var spec = data.Spec;
        var settings = data.Points.Where(p => p.Method == method).ToList();
        var (label, scale) = field == "loss" && !spec.MetricLabels.ContainsKey("loss") ? ("Training loss (nats)", 1.0) : spec.Display(field);
        var plot = FigureStyle.NewPlot($"{data.LegendLabel(method)}: {Lower(label)}", "Optimizer step", label);
        var colormap = new ScottPlot.Colormaps.Viridis();
        int lines = 0;
        for (int k = 0; k < settings.Count; k++)
        {
            // Viridis from violet to yellow-green; its last tenth is too pale on white.
            var color = method == spec.TaskOnlyMethod ? FigureStyle.Ink
                : colormap.GetColor(settings.Count == 1 ? 0.2 : 0.9 * k / (settings.Count - 1));
            bool labelled = false;
            foreach (var runId in settings[k].RunIds)
            {
                if (!logs.TryGetValue(runId, out var log)) continue;
                var (steps, values) = log.Series(field);
                if (steps.Length == 0) continue;
                var line = plot.Add.ScatterLine(steps, values.Select(v => v * scale).ToArray(), color.WithAlpha(0.85));
                line.LineWidth = 1.6f;
                if (!labelled && settings[k].Knobs.Length > 0) line.LegendText = settings[k].Knobs;
                labelled = true;
                lines++;
            }
        }
        if (lines == 0) return null;
        plot.Axes.Margins(horizontal: 0.01, vertical: 0.05);
        if (settings.Any(s => s.Knobs.Length > 0)) plot.ShowLegend(Alignment.UpperRight);
        return FigureStyle.Save(plot, dir, $"curve_{FigureStyle.Safe(method)}_{FigureStyle.Safe(field)}",
            $"{data.LegendLabel(method)}: {Lower(label)} per optimizer step, one line per seed ({string.Join(", ", settings.SelectMany(s => s.Seeds).Distinct().Order())}).");
    }

    static string Lower(string s) => s.Length > 1 && char.IsUpper(s[0]) && !char.IsUpper(s[1]) ? char.ToLowerInvariant(s[0]) + s[1..] : s;

    /// <summary>Logs of the finished runs that have one, by run id; a run without a log file is skipped.</summary>
    public static Dictionary<string, TrainingLog> ReadLogs(ReportData data) =>
        data.Runs.Where(r => r.State == RunState.Done)
            .Select(r => (r.Id, Path: Path.Combine(r.RunDir, data.Spec.TrainLog)))
            .Where(r => File.Exists(r.Path))
            .ToDictionary(r => r.Id, r => TrainingLog.Read(r.Path));
}
