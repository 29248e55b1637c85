using System.Globalization;
using ScottPlot;

namespace SelGen.Reports;

/// <summary>
/// A heat map of a matrix of values in [min, max]: one coloured cell per entry with its value written in it,
/// row labels on the left (first row at the top), column labels below, and a labelled colour bar.
/// Missing values (NaN) are left grey with "n/a".
/// </summary>
public static class MatrixFigure
{
    public static Figure Draw(double[,] values, IReadOnlyList<string> rows, IReadOnlyList<string> columns, string title,
        string rowAxis, string columnAxis, string colourBarLabel, string dir, string name, string caption,
        double min = 0, double max = 1, string format = "0.00")
    {
        int nr = values.GetLength(0), nc = values.GetLength(1);
        if (rows.Count != nr || columns.Count != nc)
            throw new ArgumentException($"{nr} x {nc} values but {rows.Count} row and {columns.Count} column labels");
        var plot = FigureStyle.NewPlot(title, columnAxis, rowAxis);
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(min, max);
        heatmap.NaNCellColor = Color.FromHex("#d9d9d9");
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = colourBarLabel;
        bar.LabelStyle.FontSize = 14;
        bar.LabelStyle.FontName = FigureStyle.FontName;
        var ticks = Enumerable.Range(0, 5).Select(i => min + i * (max - min) / 4).ToArray();
        bar.Axis.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks, ticks.Select(t => t.ToString("0.##", CultureInfo.InvariantCulture)).ToArray());
        bar.Axis.TickLabelStyle.FontSize = 13;
        bar.Axis.TickLabelStyle.FontName = FigureStyle.FontName;

        // Heatmap cell (r, c) is centred at x = c, y = nr - 1 - r: row 0 at the top.
        for (int r = 0; r < nr; r++)
            for (int c = 0; c < nc; c++)
            {
                double v = values[r, c];
                var text = plot.Add.Text(double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a", c, nr - 1 - r);
                text.LabelFontSize = 14;
                text.LabelFontName = FigureStyle.FontName;
                text.LabelAlignment = Alignment.MiddleCenter;
                // Light text on the dark (low) end of viridis, dark text on the bright end.
                text.LabelFontColor = double.IsFinite(v) && (v - min) / (max - min) < 0.55 ? Colors.White : FigureStyle.Ink;
            }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, nc).Select(c => (double)c).ToArray(), columns.ToArray());
        plot.Axes.Left.SetTicks(Enumerable.Range(0, nr).Select(r => (double)(nr - 1 - r)).ToArray(), rows.ToArray());
        plot.Axes.Bottom.MinimumSize = 30 + 17 * columns.Max(c => c.Split('\n').Length);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.SetLimits(-0.5, nc - 0.5, -0.5, nr - 0.5);
        plot.Grid.IsVisible = false;
        return FigureStyle.Save(plot, dir, name, caption, width: 260 + 105 * nc, height: 220 + 62 * nr);
    }
}
