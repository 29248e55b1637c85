using ScottPlot;

namespace SelGen.Reports;

/// <summary>
/// The capability-alignment plane: one curve per method through its knob settings (seed means,
/// standard-error bars on both axes, knob values written beside the points), task-only and the base
/// model as distinct markers, and the frontier of all of them as a dashed step line.
/// </summary>
static class ParetoFigure
{
    public static Figure Draw(ReportData data, string dir)
    {
        var spec = data.Spec;
        var plot = FigureStyle.NewPlot($"{spec.Title}: capability vs alignment", spec.X.Label, spec.Y.Label);
        PlanePoint Shown(PlanePoint p) => new(p.X * spec.X.Scale, p.Y * spec.Y.Scale);

        var frontier = data.Frontier.Select(f => Shown(f.Point)).ToList();
        if (frontier.Count > 1)
        {
            var line = Pareto.Staircase(frontier);
            var step = plot.Add.ScatterLine(line.Select(p => p.X).ToArray(), line.Select(p => p.Y).ToArray(), Color.FromHex("#555555"));
            step.LinePattern = LinePattern.Dashed;
            step.LineWidth = 1.5f;
            step.LegendText = "Pareto frontier";
        }

        int colour = 0;
        foreach (var method in data.Methods.Where(m => m != spec.TaskOnlyMethod))
            DrawMethod(plot, data, method, FigureStyle.MethodColor(colour++), MarkerShape.FilledCircle, data.LegendLabel(method), annotate: true);
        DrawMethod(plot, data, spec.TaskOnlyMethod, FigureStyle.Ink, MarkerShape.FilledSquare, data.LegendLabel(spec.TaskOnlyMethod), annotate: false);

        if (data.BasePoint is { } b)
        {
            var p = Shown(b);
            var marker = plot.Add.Marker(p.X, p.Y, MarkerShape.FilledDiamond, 15, FigureStyle.BaseColor);
            marker.LegendText = spec.Base!.Label;
        }

        // Outside the axes: real sweeps put points anywhere, and a legend must never hide one.
        plot.ShowLegend(Edge.Right);
        plot.Axes.Margins(0.08, 0.08);
        return FigureStyle.Save(plot, dir, "pareto", width: FigureStyle.Width + 220, caption:
            "Seed means with ±1 standard error on both axes; numbers beside points are knob values. Dashed: the Pareto frontier of all points shown (both axes maximised).");
    }

    static void DrawMethod(Plot plot, ReportData data, string method, Color color, MarkerShape shape, string label, bool annotate)
    {
        var spec = data.Spec;
        var points = data.Points.Where(p => p.Method == method && data.HasAxes(p)).ToList();
        if (points.Count == 0) return;
        double[] xs = points.Select(p => p.Mean(spec.X.Metric) * spec.X.Scale).ToArray();
        double[] ys = points.Select(p => p.Mean(spec.Y.Metric) * spec.Y.Scale).ToArray();
        double[] xe = points.Select(p => Zero(p.StandardError(spec.X.Metric)) * spec.X.Scale).ToArray();
        double[] ye = points.Select(p => Zero(p.StandardError(spec.Y.Metric)) * spec.Y.Scale).ToArray();

        var bars = new ScottPlot.Plottables.ErrorBar(xs, ys, xe, xe, ye, ye) { Color = color.WithAlpha(0.7), LineWidth = 1.2f, CapSize = 4 };
        plot.Add.Plottable(bars);
        var curve = plot.Add.Scatter(xs, ys, color);
        curve.LineWidth = points.Count > 1 ? 2 : 0;
        curve.MarkerShape = shape;
        curve.MarkerSize = shape == MarkerShape.FilledCircle ? 9 : 12;
        curve.LegendText = label;

        if (!annotate) return;
        for (int i = 0; i < points.Count; i++)
        {
            var knob = Experiments.RunJob.DescribeKnobValues(points[i].KnobsJson);
            if (knob.Length == 0) continue;
            var text = plot.Add.Text(knob, xs[i], ys[i]);
            text.LabelStyle.FontName = FigureStyle.FontName;
            text.LabelStyle.FontSize = 11;
            text.LabelStyle.ForeColor = color.Darken(0.3);
            text.LabelStyle.Alignment = Alignment.LowerLeft;
            text.LabelStyle.BackgroundColor = Colors.White.WithAlpha(0.75); // stays readable over lines
            text.OffsetX = 5;
            text.OffsetY = -4;
        }
    }

    static double Zero(double se) => double.IsFinite(se) ? se : 0;
}
