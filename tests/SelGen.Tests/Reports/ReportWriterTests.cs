using SelGen.Reports;
using SelGen.Tests.Experiments;
using Xunit;

namespace SelGen.Tests.Reports;

public class ReportWriterTests : IDisposable
{
    // Set SELGEN_REPORT_SAMPLE_DIR to keep the synthetic sweep and its report there for viewing.
    readonly string? _keep = Environment.GetEnvironmentVariable("SELGEN_REPORT_SAMPLE_DIR");
    readonly TempDir _temp = new();
    string Dir => _keep ?? _temp.Path;
    public void Dispose() => _temp.Dispose();

    static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    static (int Width, int Height) PngSize(byte[] png) =>
        ((png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19], (png[20] << 24) | (png[21] << 16) | (png[22] << 8) | png[23]);

    [Fact]
    public void A_synthetic_sweep_gives_a_self_contained_page_figures_and_tables()
    {
        if (_keep is not null && Directory.Exists(_keep)) Directory.Delete(_keep, recursive: true);
        SyntheticSweep.Create(Dir);
        var result = ReportWriter.Write(Dir);

        string[] expected =
        [
            "index.html", "pareto.png", "pareto.svg", "metric_aligned.png", "metric_task.png", "metric_mod_accuracy.png",
            "metric_capitals_sycophancy.png", "curve_kl_loss.png", "curve_kl_kl.png", "curve_task_only_loss.png", "curve_dpo_loss.png",
            "runs.csv", "runs.md", "points.csv", "points.md", "hypervolume.csv", "hypervolume.md", "frontier.csv",
        ];
        foreach (var name in expected) Assert.True(File.Exists(Path.Combine(result.Dir, name)), $"missing {name}");
        Assert.False(File.Exists(Path.Combine(result.Dir, "curve_dpo_kl.png"))); // only kl runs log a "kl" field

        var png = File.ReadAllBytes(Path.Combine(result.Dir, "pareto.png"));
        Assert.Equal(PngSignature, png[..8]);
        Assert.Equal((1120, 640), PngSize(png));
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(result.Dir, "pareto.svg")));

        var html = File.ReadAllText(result.IndexHtml);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("<script", html);
        int embedded = html.Split("src=\"data:image/png;base64,").Length - 1;
        Assert.Equal(result.Files.Count(f => f.EndsWith(".png", StringComparison.Ordinal)), embedded);

        Assert.Contains(result.Notes, n => n.Contains("failed") && n.Contains("NaN at step 37"));
        Assert.Contains(result.Notes, n => n.Contains("1 run(s) are not finished"));

        // The synthetic KL curve is built to dominate: it must top the ranking.
        var ranking = File.ReadAllLines(Path.Combine(result.Dir, "hypervolume.csv"));
        Assert.StartsWith("rank,method,points,points beyond task-only,HV vs task-only,", ranking[0]);
        Assert.StartsWith("1,KL penalty (β),", ranking[1]);
        Assert.Equal(5, ranking.Length); // header + mixed, kl, dpo, projection

        var runs = File.ReadAllLines(Path.Combine(result.Dir, "runs.csv"));
        Assert.Equal(1 + 3 * (1 + 4 + 4 + 4 + 2), runs.Length);
        Assert.Contains(runs, l => l.Contains(",running,"));
    }

    [Fact]
    public void A_folder_without_report_json_is_an_error_that_says_who_writes_it()
    {
        SyntheticSweep.Create(Dir);
        File.Delete(Path.Combine(Dir, "report.json"));
        var e = Assert.Throws<SelGenException>(() => ReportWriter.Write(Dir));
        Assert.Contains("report.json", e.Message);
        Assert.Contains("docs/reports.md", e.Message);
    }

    [Fact]
    public void An_axis_metric_no_run_has_is_an_error_listing_the_metrics_present()
    {
        SyntheticSweep.Create(Dir);
        var path = Path.Combine(Dir, "report.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"metric\": \"aligned\"", "\"metric\": \"alignd\""));
        var e = Assert.Throws<SelGenException>(() => ReportWriter.Write(Dir));
        Assert.Contains("'x.metric' is 'alignd'", e.Message);
        Assert.Contains("aligned, capitals_sycophancy, mod_accuracy, task", e.Message);
    }

    [Fact]
    public void Other_axes_give_a_plane_only_view_in_its_own_folder_without_touching_the_main_report()
    {
        SyntheticSweep.Create(Dir);
        var main = ReportWriter.Write(Dir);
        var mainPareto = File.ReadAllBytes(Path.Combine(main.Dir, "pareto.png"));

        var view = ReportWriter.Write(Dir, axes: new ReportAxes(null, "mod_accuracy"), outputFolder: "report-mod", planeOnly: true);

        Assert.Equal(Path.Combine(Path.GetFullPath(Dir), "report-mod"), view.Dir);
        Assert.Equal(["frontier.csv", "frontier.md", "hypervolume.csv", "hypervolume.md", "index.html", "pareto.png", "pareto.svg"],
            Directory.GetFiles(view.Dir).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray());
        Assert.Contains("y = <code>mod_accuracy</code>", File.ReadAllText(view.IndexHtml));
        Assert.Contains("mod_accuracy", File.ReadAllLines(Path.Combine(view.Dir, "frontier.csv"))[0]);
        Assert.Equal(mainPareto, File.ReadAllBytes(Path.Combine(main.Dir, "pareto.png")));
    }

    [Fact]
    public void An_unknown_axis_metric_or_a_nested_output_folder_is_an_error()
    {
        SyntheticSweep.Create(Dir);
        var e = Assert.Throws<SelGenException>(() => ReportWriter.Write(Dir, axes: new ReportAxes("nope", null)));
        Assert.Contains("'x.metric' is 'nope'", e.Message);
        Assert.Contains("--x", e.Message);
        Assert.Throws<SelGenException>(() => ReportWriter.Write(Dir, outputFolder: "../elsewhere"));
    }
}
