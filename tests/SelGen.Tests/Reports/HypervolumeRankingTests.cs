using SelGen.Reports;
using Xunit;
using static SelGen.Tests.Reports.RunRecords;

namespace SelGen.Tests.Reports;

public class HypervolumeRankingTests
{
    static readonly ReportSpec Spec = new()
    {
        X = new AxisSpec { Metric = "aligned", Label = "Aligned (%)" },
        Y = new AxisSpec { Metric = "task", Label = "Task (%)" },
        TaskOnlyMethod = "task_only",
    };

    [Fact]
    public void Methods_are_ranked_by_hand_computed_areas_against_task_only_and_the_nadir()
    {
        var runs = new[]
        {
            Done("task_only", "{}", 1, ("aligned", 0.4), ("task", 0.8)),
            Done("task_only", "{}", 2, ("aligned", 0.6), ("task", 0.8)),
            // kl: seed means (0.6, 0.9) and (0.9, 0.5).
            Done("kl", """{"beta":1}""", 1, ("aligned", 0.5), ("task", 0.9)),
            Done("kl", """{"beta":1}""", 2, ("aligned", 0.7), ("task", 0.9)),
            Done("kl", """{"beta":5}""", 1, ("aligned", 0.9), ("task", 0.5)),
            Done("kl", """{"beta":5}""", 2, ("aligned", 0.9), ("task", 0.5)),
            // mixed: one setting, (0.7, 0.6), worse than task-only on task.
            Done("mixed", """{"p":0.5}""", 1, ("aligned", 0.7), ("task", 0.6)),
            Done("mixed", """{"p":0.5}""", 2, ("aligned", 0.7), ("task", 0.6)),
        };
        var points = Aggregation.Group(runs);
        var basePoint = new PlanePoint(0.95, 0.3);
        var ranking = HypervolumeRanking.Rank(points, runs, Spec, basePoint);

        Assert.Equal(["kl", "mixed"], ranking.Select(r => r.Method));
        var kl = ranking[0];
        // Task-only mean (0.5, 0.8): only (0.6, 0.9) is beyond: 0.1 × 0.1 = 0.01.
        Assert.Equal(0.01, kl.VsTaskOnly.OfMeans, 12);
        Assert.Equal(1, kl.PointsBeyond);
        // Per seed: seed 1 corner (0.4, 0.8): (0.5,0.9) → 0.1×0.1 = 0.01; seed 2 corner (0.6, 0.8): (0.7,0.9) → 0.01.
        Assert.Equal(0.01, kl.VsTaskOnly.PerSeed.Mean, 12);
        Assert.Equal(0.0, kl.VsTaskOnly.PerSeed.StandardError, 12);
        // Nadir (0.5, 0.3): by x descending (0.9,0.5) adds 0.4×0.2 = 0.08, then (0.6,0.9) adds 0.1×0.4 = 0.04: 0.12.
        Assert.Equal(0.12, kl.VsNadir!.OfMeans, 12);
        // Mixed: nothing beyond task-only; against the nadir (0.7−0.5) × (0.6−0.3) = 0.06.
        Assert.Equal(0.0, ranking[1].VsTaskOnly.OfMeans);
        Assert.Equal(0.06, ranking[1].VsNadir!.OfMeans, 12);
    }

    [Fact]
    public void Without_a_task_only_run_there_is_no_ranking_and_the_reason_names_the_field()
    {
        var runs = new[] { Done("kl", """{"beta":1}""", 1, ("aligned", 0.5), ("task", 0.9)) };
        var points = Aggregation.Group(runs);
        Assert.Empty(HypervolumeRanking.Rank(points, runs, Spec, null));
        Assert.Contains("task_only_method", HypervolumeRanking.Reference(points, Spec).Problem);
    }
}
