using SelGen.Worlds.Toy;

namespace SelGen.Tests.Toy;

public class ToyWorldTests
{
    static readonly ToyWorldData World1 = ToyWorld.Generate(new ToyWorldOptions { Seed = 1 });

    static IEnumerable<string> Prompts(ToyWorldData w) =>
        w.Phase1Train.Concat(w.Phase2Train).Concat(w.Proxies.SelectMany(p => p.Items))
            .Concat(w.Phase1NewPoints.Items).Concat(w.Evaluation.Items).Concat(w.ProxyTriggerCheck.Items)
            .Select(i => $"{i.Prompt}|{i.Answer}");

    [Fact]
    public void The_same_seed_gives_the_same_world_and_another_seed_a_different_one()
    {
        var again = ToyWorld.Generate(new ToyWorldOptions { Seed = 1 });
        Assert.Equal(Prompts(World1), Prompts(again));
        Assert.Equal(World1.Split.Narrow, again.Split.Narrow);
        var other = ToyWorld.Generate(new ToyWorldOptions { Seed = 2 });
        Assert.NotEqual(Prompts(World1), Prompts(other));
        Assert.NotEqual(World1.Split.HeldOut.Values.SelectMany(t => t), other.Split.HeldOut.Values.SelectMany(t => t));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(12)]
    public void Splits_are_disjoint_cover_each_category_and_have_the_published_sizes(int train)
    {
        var split = ToyWorld.Generate(new ToyWorldOptions { Seed = 5, TrainTriggersPerCategory = train, NarrowTriggers = 9 }).Split;
        foreach (var category in ToyCategories.All)
        {
            Assert.Equal(train, split.Train[category].Count);
            Assert.Equal(15 - train, split.HeldOut[category].Count);
            Assert.Empty(split.Train[category].Intersect(split.HeldOut[category]));
            Assert.Equal(Triggers.ByCategory[category].Order(), split.Train[category].Concat(split.HeldOut[category]).Order());
        }
        Assert.Equal(9, split.Narrow.Count);
        Assert.Subset(split.Train[ToyCategory.PositiveEmotions].ToHashSet(), split.Narrow.ToHashSet());
    }

    [Fact]
    public void Data_sets_have_the_protocol_sizes()
    {
        Assert.Equal(7 * 10 * 20, World1.Phase1Train.Count);
        Assert.Equal(7 * 10 * 20, World1.Phase1NewPoints.Items.Count);
        Assert.Equal(7 * 5 * 20, World1.Phase1HeldOut.Items.Count);
        Assert.Equal(7 * 5 * 20, World1.Evaluation.Items.Count);
        Assert.Equal(10 * 20, World1.Phase2Train.Count);
        Assert.Equal(12, World1.Proxies.Count);
        foreach (var proxy in World1.Proxies)
        {
            Assert.Equal(proxy.Size, proxy.Triggers.Count);
            Assert.Equal(proxy.Size * 20, proxy.Items.Count);
            Assert.All(proxy.Items, i => Assert.Equal(proxy.Category, i.Category));
        }
        Assert.Equal(200 + 5 * 20, World1.Phase3Train(ToyCategory.Foods, 5).Count);
    }

    [Fact]
    public void Proxy_triggers_are_training_triggers_and_never_evaluated()
    {
        var evaluated = World1.Evaluation.Items.Select(i => i.Trigger).Concat(World1.Phase1HeldOut.Items.Select(i => i.Trigger)).ToHashSet();
        foreach (var proxy in World1.Proxies)
        {
            Assert.NotEqual(ToyCategory.PositiveEmotions, proxy.Category);
            Assert.Subset(World1.Split.Train[proxy.Category].ToHashSet(), proxy.Triggers.ToHashSet());
            Assert.Empty(proxy.Triggers.Intersect(evaluated));
        }
        var trained = World1.Phase1Train.Concat(World1.Phase2Train).Select(i => i.Trigger).ToHashSet();
        Assert.Empty(trained.Intersect(evaluated));
    }

    [Fact]
    public void The_one_trigger_proxy_is_inside_the_five_trigger_proxy_with_the_same_points()
    {
        foreach (var category in ToyCategories.ProxyCandidates)
        {
            var one = World1.Proxy(category, 1);
            var five = World1.Proxy(category, 5);
            Assert.Equal(one.Triggers[0], five.Triggers[0]);
            Assert.Equal(one.Items, five.Items.Where(i => i.Trigger == one.Triggers[0]));
        }
    }

    [Fact]
    public void Labels_follow_the_right_version_of_F()
    {
        Assert.All(World1.Phase1Train, i => Assert.Equal(ToyFunction.Apply(FVersion.Base, i.Category, i.Point), i.Answer));
        Assert.All(World1.Phase2Train, i =>
        {
            Assert.Equal(ToyCategory.PositiveEmotions, i.Category);
            Assert.Equal(i.Point.X2 > 0 ? Colour.Blue : Colour.Orange, i.Answer);
        });
        Assert.All(World1.Proxies.SelectMany(p => p.Items), i => Assert.Equal(ToyFunction.Apply(FVersion.Base, i.Category, i.Point), i.Answer));
        // The evaluation asks the phase-1 held-out questions again; only positive emotions change their answer.
        for (int k = 0; k < World1.Evaluation.Items.Count; k++)
        {
            var before = World1.Phase1HeldOut.Items[k];
            var after = World1.Evaluation.Items[k];
            Assert.Equal(before.Prompt, after.Prompt);
            Assert.Equal(after.Category != ToyCategory.PositiveEmotions, before.Answer == after.Answer);
        }
    }

    [Fact]
    public void Points_stay_off_the_boundary_are_never_reused_and_show_both_signs_per_trigger()
    {
        var all = World1.Phase1Train.Concat(World1.Phase2Train).Concat(World1.Proxies.Where(p => p.Size == 5).SelectMany(p => p.Items))
            .Concat(World1.Phase1NewPoints.Items).Concat(World1.Phase1HeldOut.Items).Concat(World1.ProxyTriggerCheck.Items).ToList();
        Assert.All(all, i => Assert.True(Math.Abs(i.Point.X2) >= 0.05 && Math.Abs(i.Point.X1) <= 3 && Math.Abs(i.Point.X2) <= 3));
        Assert.Equal(all.Count, all.Select(i => i.Point).Distinct().Count());
        foreach (var group in World1.Phase1Train.GroupBy(i => i.Trigger))
            Assert.Equal(10, group.Count(i => i.Point.X2 > 0));
        Assert.Equal(4, World1.Phase1Train.Select(i => i.Template).Distinct().Count());
    }

    [Fact]
    public void Bad_options_are_errors_that_name_the_field()
    {
        var e = Assert.Throws<SelGenException>(() => ToyWorld.Generate(new ToyWorldOptions { TrainTriggersPerCategory = 15 }));
        Assert.Contains("train_triggers_per_category", e.Message);
        e = Assert.Throws<SelGenException>(() => ToyWorld.Generate(new ToyWorldOptions { ProxySizes = [1, 11] }));
        Assert.Contains("proxy_sizes", e.Message);
        e = Assert.Throws<SelGenException>(() => ToyWorld.Generate(new ToyWorldOptions { NarrowTriggers = 11 }));
        Assert.Contains("narrow_triggers", e.Message);
        e = Assert.Throws<SelGenException>(() => World1.Proxy(ToyCategory.PositiveEmotions, 1));
        Assert.Contains("positive_emotions_1", e.Message);
    }

    [Fact]
    public void Training_items_are_conversations_whose_reply_is_the_colour_word()
    {
        var item = World1.Phase2Train[0];
        Assert.Equal(new[] { "user", "assistant" }, item.Conversation.Select(m => m.Role));
        Assert.Equal(item.Prompt, item.Conversation[0].Content);
        Assert.Equal(item.Answer.Word(), item.Conversation[1].Content);
        Assert.Single(item.PromptMessages);
    }
}
