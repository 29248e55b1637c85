using SelGen.Reports;
using Xunit;
using static SelGen.Tests.Reports.RunRecords;

namespace SelGen.Tests.Reports;

public class AggregationTests
{
    [Fact]
    public void Seeds_of_one_setting_are_summarised_with_mean_standard_error_and_t_interval()
    {
        var points = Aggregation.Group(
        [
            Done("kl", """{"beta":1}""", 1, ("task", 0.5)),
            Done("kl", """{"beta":1}""", 5, ("task", 0.6)),
            Done("kl", """{"beta":1}""", 42, ("task", 0.7)),
            Pending("kl", """{"beta":1}""", 7),
        ]);
        var p = Assert.Single(points);
        Assert.Equal([1, 5, 42], p.Seeds);
        var s = p.Metrics["task"];
        // sd = 0.1, se = 0.1/√3 = 0.0577350; t(0.975, 2) = 4.303: half-width 0.248434.
        Assert.Equal(0.6, s.Mean, 12);
        Assert.Equal(0.1 / Math.Sqrt(3), s.StandardError, 12);
        Assert.Equal(0.6 - 4.303 * 0.1 / Math.Sqrt(3), s.Low95, 12);
        Assert.Equal(3, s.Count);
    }

    [Fact]
    public void Methods_keep_registration_order_and_knobs_sort_by_value_not_text()
    {
        var points = Aggregation.Group(
        [
            Done("kl", """{"beta":10}""", 1, ("task", 1)),
            Done("task_only", "{}", 1, ("task", 1)),
            Done("kl", """{"beta":2}""", 1, ("task", 1)),
            Done("kl", """{"beta":0.5}""", 1, ("task", 1)),
        ]);
        Assert.Equal(["kl beta=0.5", "kl beta=2", "kl beta=10", "task_only "], points.Select(p => $"{p.Method} {p.Knobs}"));
    }

    [Fact]
    public void A_metric_missing_from_some_seeds_is_summarised_over_the_seeds_that_have_it()
    {
        var p = Assert.Single(Aggregation.Group(
        [
            Done("dpo", """{"lambda":4}""", 1, ("task", 0.2), ("aligned", 0.9)),
            Done("dpo", """{"lambda":4}""", 5, ("task", 0.4)),
        ]));
        Assert.Equal(2, p.Metrics["task"].Count);
        Assert.Equal(1, p.Metrics["aligned"].Count);
        Assert.True(double.IsNaN(p.StandardError("aligned")));
        Assert.True(double.IsNaN(p.Mean("absent")));
    }
}
