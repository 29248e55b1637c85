using SelGen.Experiments;

namespace SelGen.Reports;

/// <summary>The sweep's closing report: <see cref="ReportWriter.Write"/> into DIR/report/ (what <c>selgen sweep</c> writes at its end).</summary>
public sealed class HtmlSweepReporter : ISweepReporter
{
    public static readonly HtmlSweepReporter Instance = new();

    public string Write(string sweepDir) => ReportWriter.Write(sweepDir).IndexHtml;
}
