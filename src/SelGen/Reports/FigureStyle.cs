using ScottPlot;

namespace SelGen.Reports;

/// <summary>A rendered figure: written as PNG and SVG; the PNG bytes are what the HTML page embeds.</summary>
public sealed record Figure(string Name, string Caption, string PngPath, string SvgPath, byte[] Png);

/// <summary>The look shared by every report figure: sans-serif type at print sizes, tab10 colours, white background.</summary>
static class FigureStyle
{
    // ScottPlot's default face resolves to a serif on Debian; papers set figures in a sans.
    public const string FontName = "DejaVu Sans";
    public const int Width = 900;
    public const int Height = 640;

    // Matplotlib's tab10: distinct in print and for the common colour-vision deficiencies' first pairs.
    static readonly string[] Tab10 =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    public static readonly Color Ink = Color.FromHex("#222222");
    public static readonly Color BaseColor = Color.FromHex("#7f7f7f");

    /// <summary>Colour of the i-th method; grey (index 7) is skipped since the base model uses it.</summary>
    public static Color MethodColor(int i)
    {
        var usable = Tab10.Where((_, k) => k != 7).ToArray();
        return Color.FromHex(usable[i % usable.Length]);
    }

    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        Fonts.Default = FontName;
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.Title(title, 18);
        plot.XLabel(xLabel, 16);
        plot.YLabel(yLabel, 16);
        foreach (var axis in new ScottPlot.IAxis[] { plot.Axes.Bottom, plot.Axes.Left })
        {
            // ScottPlot's default density puts a tick at every unit of a 30-unit range: too busy for print.
            axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { TickDensity = 0.5 };
            axis.TickLabelStyle.FontSize = 13;
            axis.TickLabelStyle.ForeColor = Ink;
            axis.Label.ForeColor = Ink;
        }
        plot.Axes.Title.Label.Bold = false;
        plot.Grid.MajorLineColor = Color.FromHex("#e6e6e6");
        plot.Legend.FontSize = 13;
        plot.Legend.FontName = FontName;
        plot.Legend.OutlineColor = Color.FromHex("#bbbbbb");
        return plot;
    }

    public static Figure Save(Plot plot, string dir, string name, string caption, int width = Width, int height = Height)
    {
        Directory.CreateDirectory(dir);
        var png = Path.Combine(dir, name + ".png");
        var svg = Path.Combine(dir, name + ".svg");
        plot.SavePng(png, width, height);
        plot.SaveSvg(svg, width, height);
        return new Figure(name, caption, png, svg, File.ReadAllBytes(png));
    }

    /// <summary>A file-name-safe form of a method or metric name.</summary>
    public static string Safe(string name) =>
        new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
}
