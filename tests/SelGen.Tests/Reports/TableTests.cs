using SelGen.Reports;
using Xunit;

namespace SelGen.Tests.Reports;

public class TableTests
{
    static readonly Table Sample = new("t", "Caption", ["name", "value"],
    [
        ["kl beta=0.1, mode=a|b", 0.123456789],
        ["quote \"x\"", double.NaN],
    ]);

    [Fact]
    public void Csv_quotes_text_and_keeps_every_digit()
    {
        Assert.Equal("name,value\n\"kl beta=0.1, mode=a|b\",0.123456789\n\"quote \"\"x\"\"\",\n", Sample.ToCsv().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Markdown_escapes_pipes_and_shows_four_significant_digits()
    {
        var md = Sample.ToMarkdown().ReplaceLineEndings("\n");
        Assert.Contains("| kl beta=0.1, mode=a\\|b | 0.1235 |", md);
        Assert.Contains("|---|---:|", md);
    }

    [Fact]
    public void Html_escapes_text()
    {
        var html = Sample.ToHtml();
        Assert.Contains("quote &quot;x&quot;", html);
        Assert.Contains("<td class=\"num\">0.1235</td>", html);
    }
}
