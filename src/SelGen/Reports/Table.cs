using System.Globalization;
using System.Net;
using System.Text;

namespace SelGen.Reports;

/// <summary>
/// A table whose cells are text or numbers, written three ways: CSV keeps every digit (round-trip),
/// Markdown and HTML show four significant digits. NaN is an empty cell.
/// </summary>
public sealed record Table(string Name, string Caption, IReadOnlyList<string> Headers, IReadOnlyList<object?[]> Rows)
{
    public string ToCsv()
    {
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(",", Headers.Select(Csv)));
        foreach (var row in Rows)
            sb.AppendLine(string.Join(",", row.Select(c => Csv(c is double d ? Raw(d) : c?.ToString() ?? ""))));
        return sb.ToString();
    }

    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"**{Caption}**").AppendLine();
        sb.AppendLine("| " + string.Join(" | ", Headers.Select(Md)) + " |");
        sb.AppendLine("|" + string.Concat(Headers.Select((_, i) => IsNumeric(i) ? "---:|" : "---|")));
        foreach (var row in Rows) sb.AppendLine("| " + string.Join(" | ", row.Select(c => Md(Show(c)))) + " |");
        return sb.ToString();
    }

    public string ToHtml()
    {
        var sb = new StringBuilder();
        sb.Append("<table>\n<caption>").Append(WebUtility.HtmlEncode(Caption)).Append("</caption>\n<thead><tr>");
        foreach (var h in Headers) sb.Append("<th>").Append(WebUtility.HtmlEncode(h)).Append("</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in Rows)
        {
            sb.Append("<tr>");
            foreach (var c in row) sb.Append(c is double ? "<td class=\"num\">" : "<td>").Append(WebUtility.HtmlEncode(Show(c))).Append("</td>");
            sb.Append("</tr>\n");
        }
        return sb.Append("</tbody>\n</table>\n").ToString();
    }

    bool IsNumeric(int column) => Rows.Count > 0 && Rows.All(r => r[column] is double or int or null);

    static string Show(object? c) => c switch
    {
        null => "",
        double d when !double.IsFinite(d) => "",
        double d => d.ToString("G4", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => c.ToString() ?? "",
    };

    static string Raw(double d) => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "";

    static string Csv(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    static string Md(string s) => s.Replace("|", "\\|").Replace("\r", " ").Replace("\n", " ");
}
