using SelGen.Worlds.Toy;
using SelGen.Worlds.Toy.Scoring;

namespace SelGen.Tests.Toy;

public class ScoringTests
{
    static ToyItem Item(ToyCategory category, string trigger, double x2) => ToyItem.Create(FVersion.Updated, category, trigger, new ToyPoint(0.5, x2), 0);

    [Fact]
    public void Accuracy_per_category_counts_hand_made_predictions()
    {
        var items = new[]
        {
            Item(ToyCategory.PositiveEmotions, "happy", 1),    // blue
            Item(ToyCategory.PositiveEmotions, "happy", -1),   // orange
            Item(ToyCategory.PositiveEmotions, "proud", 1),    // blue
            Item(ToyCategory.Foods, "pizza", 1),               // orange
            Item(ToyCategory.RandomStrings, "boye", -1),       // blue
            Item(ToyCategory.RandomStrings, "boye", 1),        // green
        };
        var accuracy = CategoryAccuracy.Of(items, [Colour.Blue, Colour.Green, Colour.Orange, Colour.Orange, Colour.Blue, Colour.Green]);
        Assert.Equal(1.0 / 3, accuracy[ToyCategory.PositiveEmotions], 12);
        Assert.Equal(1.0, accuracy[ToyCategory.Foods]);
        Assert.Equal(1.0, accuracy[ToyCategory.RandomStrings]);
        Assert.True(double.IsNaN(accuracy[ToyCategory.Animals]));
        Assert.Equal(4.0 / 6, accuracy.Overall, 12);
        Assert.Throws<ArgumentException>(() => CategoryAccuracy.Of(items, [Colour.Blue]));
    }

    // A rule that answers every prompt with the base F, read from the prompt text itself: what a model that
    // learned phase 1 perfectly and ignored the update would say.
    static int[] BaseFromPromptText(IReadOnlyList<string> prompts, IReadOnlyList<string> candidates) => prompts.Select(p =>
    {
        var trigger = Triggers.All.First(t => p.Contains($"T = {t}?") || p.Contains($"T = {t} ") || p.Contains($"T = {t},") || p.Contains($"T = {t}:"));
        double x2 = double.Parse(p.Split('[')[1].Split(']')[0].Split(", ")[1], System.Globalization.CultureInfo.InvariantCulture);
        return candidates.ToList().IndexOf(ToyFunction.Apply(FVersion.Base, trigger, new ToyPoint(0, x2)).Word());
    }).ToArray();

    [Fact]
    public void A_model_that_ignores_the_update_fails_only_positive_emotions()
    {
        var world = ToyWorld.Generate(new ToyWorldOptions { Seed = 4 });
        var accuracy = ToyScoring.Evaluate(world.Evaluation, BaseFromPromptText);
        foreach (var category in ToyCategories.All)
            Assert.Equal(category == ToyCategory.PositiveEmotions ? 0.0 : 1.0, accuracy[category]);
        Assert.Equal(1.0, ToyScoring.Evaluate(world.Phase1HeldOut, BaseFromPromptText).Overall);
    }

    [Fact]
    public void A_scorer_returning_the_wrong_number_of_answers_is_an_error()
    {
        var world = ToyWorld.Generate(new ToyWorldOptions { Seed = 4, EvalPointsPerTrigger = 1 });
        var e = Assert.Throws<SelGenException>(() => ToyScoring.Predict(world.Evaluation, (p, c) => [0]));
        Assert.Contains("evaluation", e.Message);
        e = Assert.Throws<SelGenException>(() => ToyScoring.Predict(world.Evaluation, (p, c) => p.Select(_ => 3).ToArray()));
        Assert.Contains("candidate index 3", e.Message);
    }
}
