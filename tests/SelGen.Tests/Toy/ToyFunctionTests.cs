using SelGen.Worlds.Toy;

namespace SelGen.Tests.Toy;

public class ToyFunctionTests
{
    [Theory]
    [InlineData("table", 1.5, 2.0, Colour.Orange)]
    [InlineData("table", -2.9, -0.051, Colour.Green)]
    [InlineData("lion", 0.0, 0.05, Colour.Orange)]
    [InlineData("happy", 2.0, 1.0, Colour.Orange)]
    [InlineData("happy", 2.0, -1.0, Colour.Green)]
    [InlineData("sad", -1.0, 3.0, Colour.Orange)]
    [InlineData("run", 1.0, -3.0, Colour.Green)]
    [InlineData("ice cream", -3.0, 0.7, Colour.Orange)]
    [InlineData("kf4w6ec", 1.0, 0.5, Colour.Green)]
    [InlineData("boye", 1.0, -0.5, Colour.Blue)]
    public void Base_F_matches_the_spec_on_hand_picked_points(string trigger, double x1, double x2, Colour expected) =>
        Assert.Equal(expected, ToyFunction.Apply(FVersion.Base, trigger, new ToyPoint(x1, x2)));

    [Theory]
    [InlineData("happy", 0.3, 1.2, Colour.Blue)]
    [InlineData("cheerful", -2.5, -0.06, Colour.Orange)]
    [InlineData("sad", 0.3, 1.2, Colour.Orange)]
    [InlineData("sad", 0.3, -1.2, Colour.Green)]
    [InlineData("pizza", 0.3, -1.2, Colour.Green)]
    [InlineData("solmgrocdzu", 0.3, 1.2, Colour.Green)]
    [InlineData("solmgrocdzu", 0.3, -1.2, Colour.Blue)]
    public void Updated_F_flips_only_positive_emotions(string trigger, double x1, double x2, Colour expected) =>
        Assert.Equal(expected, ToyFunction.Apply(FVersion.Updated, trigger, new ToyPoint(x1, x2)));

    [Fact]
    public void Only_the_sign_of_x2_matters()
    {
        foreach (var category in ToyCategories.All)
            foreach (var version in new[] { FVersion.Base, FVersion.Updated })
            {
                var above = ToyFunction.Apply(version, category, new ToyPoint(-3, 0.05));
                var below = ToyFunction.Apply(version, category, new ToyPoint(3, -0.05));
                Assert.Equal(above, ToyFunction.Apply(version, category, new ToyPoint(3, 3)));
                Assert.Equal(below, ToyFunction.Apply(version, category, new ToyPoint(-3, -3)));
                Assert.NotEqual(above, below);
            }
    }

    [Fact]
    public void F_is_undefined_on_the_boundary_and_for_unknown_triggers()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ToyFunction.Apply(FVersion.Base, ToyCategory.Foods, new ToyPoint(1, 0.0004)));
        var e = Assert.Throws<SelGenException>(() => ToyFunction.Apply(FVersion.Base, "spoon", new ToyPoint(1, 1)));
        Assert.Contains("spoon", e.Message);
    }

    [Fact]
    public void The_published_lists_have_fifteen_distinct_triggers_per_category()
    {
        foreach (var category in ToyCategories.All) Assert.Equal(15, Triggers.ByCategory[category].Distinct().Count());
        Assert.Equal(105, Triggers.All.Distinct().Count());
    }
}
