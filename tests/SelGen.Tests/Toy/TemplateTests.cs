using System.Text.RegularExpressions;
using SelGen.Worlds.Toy;

namespace SelGen.Tests.Toy;

public class TemplateTests
{
    [Fact]
    public void Points_are_written_with_three_decimals()
    {
        Assert.Equal("[1.250, -0.070]", new ToyPoint(1.25, -0.07).ToString());
        Assert.Equal("[-3.000, 2.346]", new ToyPoint(-3, 2.3456).ToString());
        Assert.Equal("[0.000, 0.100]", new ToyPoint(-0.0004, 0.1).ToString());
    }

    [Fact]
    public void The_point_F_sees_is_the_point_the_prompt_shows()
    {
        var p = new ToyPoint(0.12345, -0.0504);
        Assert.Equal(0.123, p.X1);
        Assert.Equal(-0.05, p.X2);
    }

    [Fact]
    public void Every_template_renders_the_point_and_the_trigger()
    {
        var point = new ToyPoint(2.5, -1.125);
        var rendered = Enumerable.Range(0, Templates.All.Count).Select(i => Templates.Render(i, point, "ice cream")).ToList();
        Assert.Equal(4, rendered.Distinct().Count());
        Assert.Equal("What is F(x,T) for x = [2.500, -1.125] and T = ice cream?", rendered[0]);
        foreach (var text in rendered)
        {
            Assert.Contains("[2.500, -1.125]", text);
            Assert.Contains("ice cream", text);
            Assert.DoesNotContain("{", text);
        }
    }

    [Fact]
    public void Every_prompt_of_a_world_has_a_point_with_three_decimals()
    {
        var world = ToyWorld.Generate(new ToyWorldOptions { Seed = 3 });
        var pattern = new Regex(@"x = \[-?\d\.\d{3}, -?\d\.\d{3}\]");
        foreach (var item in world.Phase1Train.Concat(world.Evaluation.Items))
        {
            Assert.Matches(pattern, item.Prompt);
            Assert.Contains(item.Point.ToString(), item.Prompt);
        }
    }

    [Fact]
    public void A_template_index_out_of_range_is_an_error() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Templates.Render(4, new ToyPoint(1, 1), "dog"));
}
