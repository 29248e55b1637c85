using SelGen.Reports;
using Xunit;

namespace SelGen.Tests.Reports;

public class ParetoTests
{
    static PlanePoint P(double x, double y) => new(x, y);

    [Fact]
    public void Hypervolume_of_a_staircase_is_the_area_of_the_union_of_rectangles()
    {
        // Rectangles from (0,0) to (1,3), (2,2), (3,1): slabs 3×1 + 2×1 + 1×1 = 6 (not 3+4+3 = 10: overlaps count once).
        Assert.Equal(6.0, Pareto.Hypervolume([P(1, 3), P(2, 2), P(3, 1)], P(0, 0)), 12);
    }

    [Fact]
    public void Only_points_beyond_the_reference_on_both_axes_add_area()
    {
        var r = P(1, 1);
        Assert.Equal(0.0, Pareto.Hypervolume([P(0.5, 5), P(2, 0.5), P(1, 4), P(4, 1)], r)); // each fails one axis (ties count as not beyond)
        Assert.Equal(4.0, Pareto.Hypervolume([P(0.5, 5), P(3, 3)], r), 12);
        Assert.Equal(0.0, Pareto.Hypervolume([], r));
    }

    [Fact]
    public void Dominated_duplicate_and_non_finite_points_add_nothing()
    {
        Assert.Equal(4.0, Pareto.Hypervolume([P(2, 2), P(1, 1), P(2, 2), P(double.NaN, 9), P(1.5, 1.5)], P(0, 0)), 12);
    }

    [Fact]
    public void Hypervolume_against_a_shifted_corner_is_hand_computed()
    {
        // Corner (0.45, 0.30); points (0.60, 0.90), (0.80, 0.70), (0.95, 0.40):
        // by x descending: 0.50 × 0.10 = 0.05; 0.35 × 0.30 = 0.105; 0.15 × 0.20 = 0.03; total 0.185.
        Assert.Equal(0.185, Pareto.Hypervolume([P(0.60, 0.90), P(0.80, 0.70), P(0.95, 0.40)], P(0.45, 0.30)), 12);
    }

    [Fact]
    public void The_frontier_keeps_non_dominated_points_sorted_by_x()
    {
        PlanePoint[] points = [P(2, 2), P(1, 1), P(3, 1), P(1, 3), P(2, 2), P(double.NaN, 5), P(0.5, 3)];
        // (1,1) is dominated by (2,2); (0.5,3) by (1,3); equal points do not dominate each other.
        Assert.Equal([3, 0, 4, 2], Pareto.Frontier(points));
    }

    [Fact]
    public void The_staircase_steps_down_then_right_between_frontier_points()
    {
        Assert.Equal([P(1, 3), P(1, 2), P(2, 2), P(2, 1), P(3, 1)], Pareto.Staircase([P(1, 3), P(2, 2), P(3, 1)]));
        Assert.Equal([P(1, 3)], Pareto.Staircase([P(1, 3)]));
    }
}
