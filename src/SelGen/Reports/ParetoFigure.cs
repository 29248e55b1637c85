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
        var drawn = new List<DrawnPoint>();
        foreach (var method in data.Methods.Where(m => m != spec.TaskOnlyMethod))
            drawn.AddRange(DrawMethod(plot, data, method, FigureStyle.MethodColor(colour++), MarkerShape.FilledCircle, data.LegendLabel(method), annotate: true));
        drawn.AddRange(DrawMethod(plot, data, spec.TaskOnlyMethod, FigureStyle.Ink, MarkerShape.FilledSquare, data.LegendLabel(spec.TaskOnlyMethod), annotate: false));
        var extent = drawn.Select(d => new PlanePoint(d.X, d.Y)).ToList();
        if (data.BasePoint is { } basePoint) extent.Add(Shown(basePoint));
        MarkCoincident(plot, drawn, extent);

        if (data.BasePoint is { } b)
        {
            var p = Shown(b);
            var marker = plot.Add.Marker(p.X, p.Y, MarkerShape.FilledDiamond, 15, FigureStyle.BaseColor);
            marker.LegendText = spec.Base!.Label;
        }

        // Outside the axes: real sweeps put points anywhere, and a legend must never hide one.
        plot.ShowLegend(Edge.Right);
        plot.Axes.Margins(0.08, 0.08);
        var intervals = data.Bootstrap is { } bs
            ? $"Seed means with percentile 95% intervals of a bootstrap over evaluation items and seeds ({bs.Options.Replicates} replicates; " +
              $"{bs.Items.X} items on x, {bs.Items.Y} on y, drawn alike for every seed and point) on both axes"
            : "Seed means with ±1 standard error over seeds on both axes (no items files: item sampling is not included)";
        return FigureStyle.Save(plot, dir, "pareto", width: FigureStyle.Width + 220, caption:
            $"{intervals}; numbers beside points are knob values. Dashed: the Pareto frontier of all points shown (both axes maximised).");
    }

    /// <summary>A point as drawn: display coordinates, its method and colour, and its knob text (empty: none).</summary>
    sealed record DrawnPoint(double X, double Y, string Method, Color Color, string Knob);

    static List<DrawnPoint> DrawMethod(Plot plot, ReportData data, string method, Color color, MarkerShape shape, string label, bool annotate)
    {
        var spec = data.Spec;
        var points = data.Points.Where(p => p.Method == method && data.HasAxes(p)).ToList();
        if (points.Count == 0) return [];
        double[] xs = points.Select(p => p.Mean(spec.X.Metric) * spec.X.Scale).ToArray();
        double[] ys = points.Select(p => p.Mean(spec.Y.Metric) * spec.Y.Scale).ToArray();
        double[] xe = points.Select(p => Zero(p.StandardError(spec.X.Metric)) * spec.X.Scale).ToArray();
        double[] ye = points.Select(p => Zero(p.StandardError(spec.Y.Metric)) * spec.Y.Scale).ToArray();
        double[] xlo = xe, xhi = xe, ylo = ye, yhi = ye;
        if (data.Bootstrap is { } bs)
        {
            // Percentile intervals are not symmetric about the mean (and at a share of 0 or 1 are one-sided).
            var iv = points.Select(p => bs.Axes[(p.Method, p.KnobsJson)]).ToList();
            xlo = iv.Select((v, i) => Below(xs[i], v.X.Low95 * spec.X.Scale)).ToArray();
            xhi = iv.Select((v, i) => Above(xs[i], v.X.High95 * spec.X.Scale)).ToArray();
            ylo = iv.Select((v, i) => Below(ys[i], v.Y.Low95 * spec.Y.Scale)).ToArray();
            yhi = iv.Select((v, i) => Above(ys[i], v.Y.High95 * spec.Y.Scale)).ToArray();
        }

        // Set by name: ErrorBar's constructor takes the positive errors before the negative ones.
        var bars = new ScottPlot.Plottables.ErrorBar(xs, ys, xhi, xlo, yhi, ylo)
        {
            XErrorPositive = xhi, XErrorNegative = xlo, YErrorPositive = yhi, YErrorNegative = ylo,
            Color = color.WithAlpha(0.7), LineWidth = 1.2f, CapSize = 4,
        };
        plot.Add.Plottable(bars);
        var curve = plot.Add.Scatter(xs, ys, color);
        curve.LineWidth = points.Count > 1 ? 2 : 0;
        curve.MarkerShape = shape;
        curve.MarkerSize = shape == MarkerShape.FilledCircle ? 9 : 12;
        curve.LegendText = label;

        return points.Select((p, i) => new DrawnPoint(xs[i], ys[i], method, color,
            annotate ? Experiments.RunJob.DescribeKnobValues(p.KnobsJson) : "")).ToList();
    }

    /// <summary>
    /// Writes the knob labels and keeps coincident points visible. Coarse evaluation sets put different
    /// settings (often of different methods) on the very same point: labels there are stacked instead of
    /// overprinted, and every further method's marker at that point gets a ring in its colour, growing
    /// outwards, so no method hides another.
    /// </summary>
    /// <param name="extent">Every point the axes must show (the drawn ones and the base model): the scale
    /// against which "close" is judged.</param>
    static void MarkCoincident(Plot plot, List<DrawnPoint> drawn, List<PlanePoint> extent)
    {
        if (drawn.Count == 0) return;
        double rangeX = extent.Max(d => d.X) - extent.Min(d => d.X), rangeY = extent.Max(d => d.Y) - extent.Min(d => d.Y);
        // "The same point": within 0.5% of the shown range on both axes. Labels clash over a wider box
        // (a label is a few percent of the figure wide), so they are stacked within 3% x 2.5%.
        foreach (var group in Cluster(drawn, 0.005 * rangeX, 0.005 * rangeY))
        {
            var methods = group.Select(d => d.Method).Distinct().ToList();
            for (int k = 1; k < methods.Count; k++)
            {
                var first = group.First(d => d.Method == methods[k]);
                var ring = plot.Add.Marker(first.X, first.Y, MarkerShape.OpenCircle, 9 + 7 * k, first.Color);
                ring.MarkerLineWidth = 2;
            }
        }
        foreach (var group in Cluster(drawn.Where(d => d.Knob.Length > 0), 0.03 * rangeX, 0.025 * rangeY))
        {
            int row = 0;
            foreach (var byMethod in group.GroupBy(d => d.Method))
            {
                // One label per method and place: "0.1, 0.5" rather than two labels on top of each other.
                var first = byMethod.First();
                var text = plot.Add.Text(string.Join(", ", byMethod.Select(d => d.Knob)), first.X, first.Y);
                text.LabelStyle.FontName = FigureStyle.FontName;
                text.LabelStyle.FontSize = 11;
                text.LabelStyle.ForeColor = first.Color.Darken(0.3);
                text.LabelStyle.Alignment = Alignment.LowerLeft;
                text.LabelStyle.BackgroundColor = Colors.White.WithAlpha(0.75); // stays readable over lines
                text.OffsetX = 8;
                text.OffsetY = -4 - 15 * row++;
            }
        }
    }

    /// <summary>Greedy clusters: each point joins the first cluster whose first point is within (tx, ty).</summary>
    static List<List<DrawnPoint>> Cluster(IEnumerable<DrawnPoint> points, double tx, double ty)
    {
        tx = Math.Max(tx, 1e-9);
        ty = Math.Max(ty, 1e-9);
        var clusters = new List<List<DrawnPoint>>();
        foreach (var d in points)
        {
            var cluster = clusters.FirstOrDefault(c => Math.Abs(c[0].X - d.X) <= tx && Math.Abs(c[0].Y - d.Y) <= ty);
            if (cluster is null) clusters.Add([d]); else cluster.Add(d);
        }
        return clusters;
    }

    static double Zero(double se) => double.IsFinite(se) ? se : 0;

    static double Below(double at, double low) => double.IsFinite(low) ? Math.Max(0, at - low) : 0;

    static double Above(double at, double high) => double.IsFinite(high) ? Math.Max(0, high - at) : 0;
}
