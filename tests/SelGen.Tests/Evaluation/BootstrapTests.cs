using SelGen.Evaluation.Items;
using Xunit;

namespace SelGen.Tests.Evaluation;

public class BootstrapTests
{
    /// <summary>A table of one metric "m" with the given (num, den) per item q0, q1, ...</summary>
    static ItemTable Table(params (double Num, double Den)[] items)
    {
        var t = new ItemTable();
        for (int i = 0; i < items.Length; i++) t.Add("m", $"q{i}", items[i].Num, items[i].Den);
        return t;
    }

    static BootstrapPoint Point(params ItemTable[] seeds) => new(seeds);

    [Fact]
    public void One_item_and_one_seed_give_a_degenerate_interval_at_the_estimate()
    {
        var iv = Bootstrap.Intervals(Point(Table((3, 4))), ["m"], new BootstrapOptions(200))["m"];
        Assert.Equal(new BootstrapInterval(0.75, 0.75, 0.75, 200), iv);
    }

    [Fact]
    public void Two_items_resample_to_the_hand_computed_ratios_with_binomial_frequencies()
    {
        // Items (1/1) and (0/3): draws {a,a} = 1, {a,b} or {b,a} = 1/4, {b,b} = 0, with probabilities 1/4, 1/2, 1/4.
        var r = Bootstrap.Replicates([Point(Table((1, 1), (0, 3)))], ["m"], new BootstrapOptions(8000, Seed: 3))[0][0];
        Assert.All(r, v => Assert.Contains(v, new[] { 0.0, 0.25, 1.0 }));
        Assert.InRange(r.Count(v => v == 1.0) / 8000.0, 0.23, 0.27);
        Assert.InRange(r.Count(v => v == 0.25) / 8000.0, 0.48, 0.52);
        var iv = BootstrapInterval.Of(0.25, r);
        Assert.Equal((0.0, 1.0), (iv.Low95, iv.High95));
    }

    [Fact]
    public void Seeds_are_resampled_too_and_a_replicate_is_the_mean_of_the_drawn_seeds()
    {
        // Two seeds, one item each: the item draw is fixed, the seed draws give 0, 1/2 or 1.
        var point = Point(Table((0, 2)), Table((2, 2)));
        Assert.Equal(0.5, Bootstrap.Estimate(point, "m"));
        var r = Bootstrap.Replicates([point], ["m"], new BootstrapOptions(4000, Seed: 1))[0][0];
        Assert.All(r, v => Assert.Contains(v, new[] { 0.0, 0.5, 1.0 }));
        Assert.InRange(r.Count(v => v == 0.5) / 4000.0, 0.47, 0.53);
    }

    [Fact]
    public void A_share_over_many_independent_items_has_the_binomial_interval_width()
    {
        // 400 items, 120 hits: p = 0.3, standard error sqrt(p(1-p)/n) = 0.0229, so the 95% interval is about ±0.0449.
        var items = Enumerable.Range(0, 400).Select(i => (i < 120 ? 1.0 : 0.0, 1.0)).ToArray();
        var iv = Bootstrap.Intervals(Point(Table(items)), ["m"], new BootstrapOptions(2000, Seed: 7))["m"];
        double half = 1.959964 * Math.Sqrt(0.3 * 0.7 / 400);
        Assert.Equal(0.3, iv.Estimate, 12);
        Assert.InRange(iv.High95 - iv.Low95, 2 * half * 0.9, 2 * half * 1.1);
        Assert.InRange(iv.Low95, 0.3 - half * 1.15, 0.3 - half * 0.85);
    }

    [Fact]
    public void Item_sampling_widens_the_interval_beyond_what_three_identical_seeds_show()
    {
        // Three seeds that score the same 20 items alike: over seeds the interval is a point; over items it is not.
        var t = Table([.. Enumerable.Range(0, 20).Select(i => (i < 10 ? 1.0 : 0.0, 1.0))]);
        var iv = Bootstrap.Intervals(Point(t, t, t), ["m"], new BootstrapOptions(2000))["m"];
        Assert.True(iv.High95 - iv.Low95 > 0.3, $"interval {iv.Low95}..{iv.High95}");
    }

    [Fact]
    public void The_same_seed_gives_the_same_replicates_and_another_seed_others()
    {
        var point = Point(Table((1, 1), (0, 1), (1, 2)), Table((0, 1), (1, 1), (2, 2)));
        var a = Bootstrap.Replicates([point], ["m"], new BootstrapOptions(300, Seed: 5))[0][0];
        var b = Bootstrap.Replicates([point], ["m"], new BootstrapOptions(300, Seed: 5))[0][0];
        var c = Bootstrap.Replicates([point], ["m"], new BootstrapOptions(300, Seed: 6))[0][0];
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void A_paired_difference_of_a_point_with_itself_plus_a_constant_has_no_width()
    {
        // The same items are drawn for both points, so a per-item constant shift is exact in every replicate,
        // although each point's own interval is wide.
        var items = Enumerable.Range(0, 30).Select(i => (i % 3 == 0 ? 1.0 : 0.0, 1.0)).ToArray();
        var shifted = items.Select(x => (x.Item1 + 0.5, x.Item2)).ToArray();
        var (a, b) = (Point(Table(shifted)), Point(Table(items)));
        var d = Bootstrap.Difference(a, b, "m", new BootstrapOptions(500));
        Assert.Equal(0.5, d.Estimate, 12);
        Assert.Equal(0.5, d.Low95, 12);
        Assert.Equal(0.5, d.High95, 12);
        var own = Bootstrap.Intervals(b, ["m"], new BootstrapOptions(500))["m"];
        Assert.True(own.High95 - own.Low95 > 0.2);
    }

    [Fact]
    public void Items_a_seed_lacks_contribute_nothing_and_a_replicate_without_denominator_is_left_out()
    {
        var t = new ItemTable();
        t.Add("m", "q0", 1, 1);
        t.Add("m", "q1", 0, 0);
        // Draws {q1, q1} have Σ den = 0: NaN, dropped from the percentiles; the rest are exactly 1.
        var r = Bootstrap.Replicates([Point(t)], ["m", "absent"], new BootstrapOptions(400))[0];
        Assert.All(r[0], v => Assert.True(double.IsNaN(v) || v == 1.0));
        Assert.Contains(r[0], double.IsNaN);
        Assert.All(r[1], v => Assert.True(double.IsNaN(v)));
        var iv = BootstrapInterval.Of(1, r[0]);
        Assert.Equal((1.0, 1.0), (iv.Low95, iv.High95));
        Assert.True(iv.Replicates < 400);
    }

    [Fact]
    public void Quantiles_interpolate_between_order_statistics()
    {
        double[] xs = [0, 1, 2, 3, 4];
        Assert.Equal(0.1, Bootstrap.Quantile(xs, 0.025), 12);
        Assert.Equal(3.9, Bootstrap.Quantile(xs, 0.975), 12);
        Assert.Equal(2, Bootstrap.Quantile(xs, 0.5));
    }

    [Fact]
    public void Fewer_than_two_replicates_are_refused()
    {
        var e = Assert.Throws<SelGenException>(() => Bootstrap.Replicates([Point(Table((1, 1)))], ["m"], new BootstrapOptions(1)));
        Assert.Contains("at least 2", e.Message);
    }
}
