using ScottPlot;

namespace SelGen.Reports;

/// <summary>
/// One bar chart per metric: bars grouped by method, one bar per knob setting (seed mean, ±1 standard
/// error), the base model first in grey when report.json gives its value.
/// </summary>
static class MetricBarsFigure
{
    /// <summary>The figure, or null when no run (nor the base model) has a finite value of the metric.</summary>
    public static Figure? Draw(ReportData data, string metric, string dir)
    {
        var spec = data.Spec;
        var (label, scale) = spec.Display(metric);
        var plot = FigureStyle.NewPlot(label, "", label);
        var bars = new List<Bar>();
        var ticks = new List<(double Position, string Text)>();
        double position = 0;

        if (spec.Base?.Metrics.TryGetValue(metric, out var baseValue) == true)
        {
            bars.Add(new Bar { Position = position, Value = baseValue * scale, FillColor = FigureStyle.BaseColor, LineWidth = 1.1f, LineColor = FigureStyle.Ink });
            ticks.Add((position, spec.Base.Label));
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = spec.Base.Label, FillColor = FigureStyle.BaseColor });
            position += 1.6;
        }

        int colour = 0;
        var methods = data.Methods.Where(m => m == spec.TaskOnlyMethod).Concat(data.Methods.Where(m => m != spec.TaskOnlyMethod));
        foreach (var method in methods)
        {
            var color = method == spec.TaskOnlyMethod ? FigureStyle.Ink : FigureStyle.MethodColor(colour++);
            var points = data.Points.Where(p => p.Method == method && double.IsFinite(p.Mean(metric))).ToList();
            if (points.Count == 0) continue;
            foreach (var p in points)
            {
                double se = p.StandardError(metric);
                bars.Add(new Bar
                {
                    Position = position,
                    Value = p.Mean(metric) * scale,
                    Error = double.IsFinite(se) ? se * scale : 0,
                    FillColor = color.WithAlpha(0.85),
                    LineWidth = 1.1f, // outline and error bar alike
                    LineColor = FigureStyle.Ink,
                });
                ticks.Add((position, p.Knobs.Length == 0 ? spec.MethodLabel(method) : Experiments.RunJob.DescribeKnobValues(p.KnobsJson)));
                position += 1;
            }
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = data.LegendLabel(method), FillColor = color });
            position += 0.6; // gap between methods
        }

        if (bars.Count == 0) return null;
        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks(ticks.Select(t => t.Position).ToArray(), ticks.Select(t => t.Text).ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 40;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        // ScottPlot does not measure rotated tick labels; reserve room for the longest one.
        plot.Axes.Bottom.MinimumSize = 24 + 8.5f * ticks.Max(t => t.Text.Length) * MathF.Sin(40 * MathF.PI / 180);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Margins(bottom: 0);
        plot.Grid.XAxisStyle.IsVisible = false;
        plot.ShowLegend(Edge.Right);
        int width = Math.Max(FigureStyle.Width, 360 + 34 * ticks.Count);
        return FigureStyle.Save(plot, dir, "metric_" + FigureStyle.Safe(metric),
            $"{label}: seed mean ±1 standard error per knob setting (tick labels are knob values).", width);
    }
}
