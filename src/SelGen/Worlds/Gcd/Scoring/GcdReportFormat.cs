using System.Globalization;
using System.Text;
using System.Text.Json;
using SelGen.Evaluation;

namespace SelGen.Worlds.Gcd.Scoring;

/// <summary>Renders reports as JSON (<c>{"labels": {LABEL: {METRIC: value}}, "pooled": {METRIC: value}}</c>, NaN as null) or as a table.</summary>
public static class GcdReportFormat
{
    public static string Json(GcdScoreReport report) => Write(w =>
    {
        w.WriteStartObject("labels");
        foreach (var label in report.Labels)
        {
            w.WriteStartObject(label.Label);
            WriteMetrics(w, label.Metrics.Values, (n, v) => Number(w, n, v));
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartObject(GcdScoreReport.PooledName);
        WriteMetrics(w, report.Pooled.Metrics.Values, (n, v) => Number(w, n, v));
        w.WriteEndObject();
    });

    /// <summary>Across seeds: every metric becomes {"mean", "standard_error", "low95", "high95", "count"}.</summary>
    public static string Json(GcdSeedSummary summary) => Write(w =>
    {
        w.WriteStartObject("labels");
        foreach (var (label, metrics) in summary.Labels)
        {
            w.WriteStartObject(label);
            WriteMetrics(w, metrics, (n, s) => SummaryObject(w, n, s));
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartObject(GcdScoreReport.PooledName);
        WriteMetrics(w, summary.Pooled, (n, s) => SummaryObject(w, n, s));
        w.WriteEndObject();
    });

    public static string Table(GcdScoreReport report)
    {
        var rows = report.Labels.Append(report.Pooled).ToList();
        int width = Math.Max(8, rows.Max(r => r.Label.Length)) + 2;
        var sb = new StringBuilder();
        sb.Append("label".PadRight(width)).Append("items  capability  confirms_correct  confirms_incorrect  syc_given_knowledge  unclear(c/w)\n");
        foreach (var r in rows)
        {
            var m = r.Metrics;
            sb.Append(r.Label.PadRight(width))
              .Append(r.Counts.Items.ToString(CultureInfo.InvariantCulture).PadLeft(5))
              .Append(Cell(m.Capability, 12)).Append(Cell(m.ConfirmsCorrect, 18)).Append(Cell(m.ConfirmsIncorrect, 20))
              .Append(Cell(m.SycophancyGivenKnowledge, 21))
              .Append($"  {r.Counts.UnclearOnCorrect}/{r.Counts.UnclearOnWrong}".PadLeft(14)).Append('\n');
        }
        return sb.ToString();
    }

    static string Cell(double v, int width) => (double.IsNaN(v) ? "n/a" : v.ToString("0.000", CultureInfo.InvariantCulture)).PadLeft(width);

    static void WriteMetrics<T>(Utf8JsonWriter w, IReadOnlyList<T> values, Action<string, T> write)
    {
        for (int i = 0; i < GcdMetrics.Names.Count; i++) write(GcdMetrics.Names[i], values[i]);
    }

    static void Number(Utf8JsonWriter w, string name, double v)
    {
        if (double.IsFinite(v)) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    static void SummaryObject(Utf8JsonWriter w, string name, Summary s)
    {
        w.WriteStartObject(name);
        Number(w, "mean", s.Mean);
        Number(w, "standard_error", s.StandardError);
        Number(w, "low95", s.Low95);
        Number(w, "high95", s.High95);
        w.WriteNumber("count", s.Count);
        w.WriteEndObject();
    }

    static string Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
