using System.Text.Json.Nodes;
using SelGen.Evaluation.Items;
using SelGen.Experiments;
using SelGen.Reports;
using SelGen.Tests.Experiments;
using Xunit;

namespace SelGen.Tests.Reports;

public class ItemBootstrapReportTests : IDisposable
{
    readonly TempDir _temp = new();
    public void Dispose() => _temp.Dispose();

    /// <summary>
    /// TEST DATA: task_only and kl (beta 1, 5) over 3 seeds, 20 items per axis metric that every seed scores alike
    /// (so the seed-only interval has no width); a point with hit rate (a, t) hits the first 20a / 20t items.
    /// </summary>
    void CreateSweep(bool items = true, bool skipOne = false)
    {
        var rates = new Dictionary<string, (double Aligned, double Task)>
        {
            ["task_only"] = (0.4, 0.8), ["kl:1"] = (0.6, 0.85), ["kl:5"] = (0.9, 0.5),
        };
        var store = RunStore.Open(_temp.Path);
        int[] seeds = [1, 2, 3];
        store.Register(seeds.SelectMany(s => new[]
        {
            new RunJob("task_only", null, s),
            new RunJob("kl", new JsonObject { ["beta"] = 1 }, s),
            new RunJob("kl", new JsonObject { ["beta"] = 5 }, s),
        }));
        bool skipped = false;
        while (store.Claim() is { } claim)
        {
            var job = claim.Job;
            var key = job.Method == "kl" ? $"kl:{JsonNode.Parse(job.KnobsJson)!["beta"]}" : job.Method;
            var (a, t) = rates[key];
            var table = new ItemTable();
            for (int i = 0; i < 20; i++)
            {
                table.Add("aligned", $"q{i}", i < 20 * a ? 1 : 0, 1);
                table.Add("task", $"q{i}", i < 20 * t ? 1 : 0, 1);
            }
            if (items && !(skipOne && !skipped)) ItemsFile.Write(Path.Combine(claim.RunDir, ItemsFile.FileName), table);
            skipped = true;
            store.MarkDone(claim, new Dictionary<string, double> { ["aligned"] = table.Value("aligned"), ["task"] = table.Value("task") });
        }
        File.WriteAllText(Path.Combine(_temp.Path, "report.json"), """
            {
              "title": "Items test (test data)",
              "x": { "metric": "aligned", "label": "Aligned (%)", "scale": 100 },
              "y": { "metric": "task", "label": "Task (%)", "scale": 100 },
              "task_only_method": "task_only",
              "base": { "label": "Base model", "metrics": { "aligned": 0.95, "task": 0.3 } }
            }
            """);
    }

    [Fact]
    public void With_items_files_the_axes_and_hypervolumes_get_item_and_seed_bootstrap_intervals()
    {
        CreateSweep();
        var data = ReportData.Load(_temp.Path, bootstrap: new BootstrapOptions(400, Seed: 2));
        var bs = Assert.IsType<ItemBootstrap>(data.Bootstrap);
        Assert.Equal((20, 20), bs.Items);
        var kl1 = data.Points.Single(p => p.Method == "kl" && p.KnobsJson.Contains('1'));
        Assert.Equal(0, kl1.StandardError("aligned")); // seeds agree: over seeds alone the point looks exact
        var (x, y) = bs.Axes[(kl1.Method, kl1.KnobsJson)];
        Assert.Equal(0.6, x.Estimate, 12);
        Assert.True(x.Low95 < 0.5 && x.High95 > 0.7, $"x interval {x.Low95}..{x.High95}");
        Assert.True(y.Low95 < 0.85 && y.High95 <= 1);

        // kl beats task-only on both axes at beta 1: HV vs task-only = (0.6 - 0.4) × (0.85 - 0.8) = 0.01.
        var row = data.Ranking.Single(r => r.Method == "kl");
        Assert.Equal(0.01, row.VsTaskOnly.OfMeans, 12);
        var hv = bs.Hypervolumes["kl"];
        Assert.Equal(0.01, hv.VsTaskOnly.Estimate, 12);
        Assert.Equal(0, hv.VsTaskOnly.Low95); // items drawn with few task hits above 0.8 leave no gain
        Assert.True(hv.VsTaskOnly.High95 > 0.01);
        Assert.NotNull(hv.VsNadir);

        var result = ReportWriter.Write(_temp.Path, bootstrap: new BootstrapOptions(400, Seed: 2));
        var html = File.ReadAllText(result.IndexHtml);
        Assert.Contains("bootstrap over evaluation items and seeds (400 replicates", html);
        Assert.Contains("HV vs task-only bootstrap 95% low", File.ReadAllText(Path.Combine(result.Dir, "hypervolume.csv")));
        Assert.Contains("bootstrap 95% high", File.ReadAllText(Path.Combine(result.Dir, "points.csv")));
    }

    [Fact]
    public void The_bootstrap_is_deterministic_given_its_seed()
    {
        CreateSweep();
        var a = ReportData.Load(_temp.Path, bootstrap: new BootstrapOptions(200, Seed: 9)).Bootstrap!;
        var b = ReportData.Load(_temp.Path, bootstrap: new BootstrapOptions(200, Seed: 9)).Bootstrap!;
        Assert.Equal(a.Axes, b.Axes);
        Assert.Equal(a.Hypervolumes["kl"], b.Hypervolumes["kl"]);
    }

    [Fact]
    public void Without_items_files_the_report_keeps_its_seed_only_intervals()
    {
        CreateSweep(items: false);
        var data = ReportData.Load(_temp.Path);
        Assert.Null(data.Bootstrap);
        Assert.Null(data.BootstrapProblem);
        var result = ReportWriter.Write(_temp.Path);
        Assert.Contains("standard error over seeds on both axes (no items files", File.ReadAllText(result.IndexHtml));
        Assert.DoesNotContain("bootstrap", File.ReadAllText(Path.Combine(result.Dir, "hypervolume.csv")));
    }

    [Fact]
    public void A_sweep_where_some_runs_lack_items_files_says_so_and_keeps_seed_only_intervals()
    {
        CreateSweep(skipOne: true);
        var result = ReportWriter.Write(_temp.Path);
        Assert.Contains(result.Notes, n => n.Contains("1 of 9 finished run(s) have no items.jsonl"));
    }
}
