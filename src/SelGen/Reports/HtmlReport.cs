using System.Net;
using System.Text;
using SelGen.Experiments;

namespace SelGen.Reports;

/// <summary>The report as one self-contained HTML page: styles inline, figures embedded as base64 PNG, no external asset.</summary>
static class HtmlReport
{
    const string Style = """
        body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #222; max-width: 1100px; margin: 2em auto; padding: 0 1em; line-height: 1.45; }
        h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
        .meta { color: #555; font-size: 0.92em; } .note { background: #fff6e0; border-left: 4px solid #e0a000; padding: 0.5em 0.8em; margin: 0.6em 0; }
        figure { margin: 1.2em 0; } figure img { max-width: 100%; border: 1px solid #eee; } figcaption { font-size: 0.9em; color: #444; }
        table { border-collapse: collapse; font-size: 0.85em; margin: 0.8em 0; } caption { text-align: left; font-size: 0.95em; color: #444; padding-bottom: 0.3em; caption-side: top; }
        th, td { border-bottom: 1px solid #e3e3e3; padding: 0.25em 0.6em; text-align: left; vertical-align: top; } th { background: #f4f4f4; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; } .scroll { overflow-x: auto; }
        """;

    public static string Render(ReportData data, Figure pareto, IReadOnlyList<Figure> bars, IReadOnlyList<Figure> curves,
        IReadOnlyList<Table> tables, IReadOnlyList<string> notes, DateTimeOffset generatedAt)
    {
        var spec = data.Spec;
        var counts = data.Runs.GroupBy(r => r.State).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(E(spec.Title)).Append("</title>\n<style>\n")
          .Append(Style).Append("\n</style>\n</head>\n<body>\n");
        sb.Append("<h1>").Append(E(spec.Title)).Append("</h1>\n<p class=\"meta\">Sweep folder <code>").Append(E(data.SweepDir))
          .Append("</code>; runs: ").Append(E(string.Join(", ", counts))).Append("; x = <code>").Append(E(spec.X.Metric))
          .Append("</code>, y = <code>").Append(E(spec.Y.Metric)).Append("</code>; task-only method <code>").Append(E(spec.TaskOnlyMethod))
          .Append("</code>. Generated ").Append(E(generatedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture)))
          .Append(" by <code>selgen report</code>.</p>\n");
        foreach (var n in notes) sb.Append("<p class=\"note\">").Append(E(n)).Append("</p>\n");

        sb.Append("<h2>Capability–alignment plane</h2>\n");
        AppendFigure(sb, pareto);
        foreach (var name in new[] { "hypervolume", "frontier" }) AppendTable(sb, tables.First(t => t.Name == name));

        if (tables.All(t => t.Name != "points")) // a plane-only view: no bars, curves or per-run tables
            return sb.Append("</body>\n</html>\n").ToString();

        sb.Append("<h2>Every metric</h2>\n");
        foreach (var f in bars) AppendFigure(sb, f);
        sb.Append("<h2>Training curves</h2>\n");
        if (curves.Count == 0) sb.Append("<p>No finished run has a training log (<code>").Append(E(spec.TrainLog)).Append("</code>) yet.</p>\n");
        foreach (var f in curves) AppendFigure(sb, f);

        sb.Append("<h2>Aggregated points</h2>\n");
        AppendTable(sb, tables.First(t => t.Name == "points"));
        sb.Append("<h2>Runs</h2>\n");
        AppendTable(sb, tables.First(t => t.Name == "runs"));
        return sb.Append("</body>\n</html>\n").ToString();
    }

    static void AppendFigure(StringBuilder sb, Figure f) =>
        sb.Append("<figure>\n<img alt=\"").Append(E(f.Caption)).Append("\" src=\"data:image/png;base64,")
          .Append(Convert.ToBase64String(f.Png)).Append("\">\n<figcaption>").Append(E(f.Caption)).Append("</figcaption>\n</figure>\n");

    static void AppendTable(StringBuilder sb, Table t) => sb.Append("<div class=\"scroll\">\n").Append(t.ToHtml()).Append("</div>\n");

    static string E(string s) => WebUtility.HtmlEncode(s);
}
