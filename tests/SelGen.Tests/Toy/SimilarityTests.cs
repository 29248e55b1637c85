using SelGen.Worlds.Toy;
using SelGen.Worlds.Toy.Scoring;

namespace SelGen.Tests.Toy;

public class SimilarityTests
{
    [Fact]
    public void Cosines_of_category_means_match_hand_computed_values()
    {
        var states = new Dictionary<ToyCategory, IReadOnlyList<float[]>>
        {
            [ToyCategory.Objects] = [[1, 0], [3, 0]],   // mean (2, 0)
            [ToyCategory.Foods] = [[2, 2]],             // mean (2, 2)
            [ToyCategory.Animals] = [[0, -1]],          // mean (0, -1)
        };
        var raw = CategorySimilarity.Compute(states, center: false);
        Assert.Equal(1 / Math.Sqrt(2), raw[ToyCategory.Objects, ToyCategory.Foods], 12);
        Assert.Equal(0.0, raw[ToyCategory.Objects, ToyCategory.Animals], 12);
        Assert.Equal(1.0, raw[ToyCategory.Foods, ToyCategory.Foods], 12);
        // Centered: grand mean (4/3, 1/3); objects (2/3, -1/3), foods (2/3, 5/3): cos = (4/9 - 5/9) / (sqrt(5)/3 * sqrt(29)/3).
        var centered = CategorySimilarity.Compute(states);
        Assert.Equal(-1 / Math.Sqrt(5 * 29), centered[ToyCategory.Objects, ToyCategory.Foods], 12);
        Assert.StartsWith("category,objects,animals,foods\nobjects,1,", centered.ToCsv());
    }

    [Fact]
    public void Vectors_of_different_lengths_are_an_error()
    {
        var states = new Dictionary<ToyCategory, IReadOnlyList<float[]>> { [ToyCategory.Objects] = [[1, 0]], [ToyCategory.Foods] = [[1, 0, 0]] };
        Assert.Throws<SelGenException>(() => CategorySimilarity.Compute(states));
    }

    [Fact]
    public void Probe_prefixes_end_with_the_trigger()
    {
        Assert.Equal("ice cream", SemanticProbe.Prefix(ProbeContext.Bare, "ice cream"));
        Assert.Equal("What is F(x,T) for x = [1.000, 1.000] and T = kf4w6ec", SemanticProbe.Prefix(ProbeContext.Prompt, "kf4w6ec"));
    }
}
