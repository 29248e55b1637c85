using ScottPlot;

namespace SelGen.Reports;

/// <summary>
/// One series of points in a scatter plot: legend label (null: no legend entry), (x, y) pairs, the tab10
/// colour index, and open markers instead of filled ones.
/// </summary>
public sealed record ScatterSeries(string? Label, IReadOnlyList<(double X, double Y)> Points, int Colour, bool Hollow = false);

/// <summary>A scatter plot of labelled series (markers only, tab10 colours, legend on the right, a dashed line at y = 0).</summary>
public static class ScatterFigure
{
    public static Figure Draw(IReadOnlyList<ScatterSeries> series, string title, string xLabel, string yLabel,
        string dir, string name, string caption, ScottPlot.Range? xLimits = null, ScottPlot.Range? yLimits = null)
    {
        var plot = FigureStyle.NewPlot(title, xLabel, yLabel);
        foreach (var s in series)
        {
            var scatter = plot.Add.ScatterPoints(s.Points.Select(p => p.X).ToArray(), s.Points.Select(p => p.Y).ToArray());
            scatter.Color = FigureStyle.MethodColor(s.Colour);
            scatter.MarkerSize = s.Hollow ? 13 : 11;
            scatter.MarkerShape = s.Hollow ? MarkerShape.OpenCircle : MarkerShape.FilledCircle;
            scatter.MarkerLineWidth = 2;
            if (s.Label is not null) scatter.LegendText = s.Label;
        }
        var zero = plot.Add.HorizontalLine(0);
        zero.Color = FigureStyle.BaseColor;
        zero.LinePattern = LinePattern.Dashed;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { MinimumTickSpacing = 40 };
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { MinimumTickSpacing = 60 };
        if (xLimits is { } x) plot.Axes.SetLimitsX(x.Min, x.Max);
        if (yLimits is { } y) plot.Axes.SetLimitsY(y.Min, y.Max);
        plot.ShowLegend(Edge.Right);
        return FigureStyle.Save(plot, dir, name, caption, width: 1050);
    }
}
