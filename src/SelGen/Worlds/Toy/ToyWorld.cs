namespace SelGen.Worlds.Toy;

/// <summary>
/// Draws a toy world from <see cref="ToyWorldOptions"/>. Each part has its own random stream, so that changing
/// one part's size (say, more evaluation points) leaves the trigger split and the other parts unchanged.
/// Points come from one sampler for the whole world, so no point is used twice for anything.
/// </summary>
public static class ToyWorld
{
    public static ToyWorldData Generate(ToyWorldOptions options)
    {
        options.Validate();
        Random Stream(int part) => new(unchecked(options.Seed * 1_000_003 + part));
        var split = TriggerSplit.Draw(options, Stream(1));
        var sampler = new PointSampler(Stream(2), options.BoundaryMargin);
        var templates = Stream(3);
        int n = options.PointsPerTrigger, m = options.EvalPointsPerTrigger;

        List<ToyItem> Items(FVersion version, IEnumerable<(ToyCategory Category, string Trigger)> triggers, int points) =>
            triggers.SelectMany(t => sampler.Draw(points).Select(p => ToyItem.Create(version, t.Category, t.Trigger, p, templates.Next(Templates.All.Count)))).ToList();

        IEnumerable<(ToyCategory, string)> Of(IReadOnlyDictionary<ToyCategory, IReadOnlyList<string>> lists) =>
            ToyCategories.All.SelectMany(c => lists[c].Select(t => (c, t)));

        var phase1 = Items(FVersion.Base, Of(split.Train), n);
        var newPoints = Items(FVersion.Base, Of(split.Train), m);
        // The held-out questions are asked once and answered twice: by the base F (phase-1 test) and by the
        // updated F (the evaluation after every update), so before/after compare the very same prompts.
        var heldOutBase = Items(FVersion.Base, Of(split.HeldOut), m);
        var evaluation = heldOutBase.Select(i => ToyItem.Create(FVersion.Updated, i.Category, i.Trigger, i.Point, i.Template)).ToList();
        var phase2 = Items(FVersion.Updated, split.Narrow.Select(t => (ToyCategory.PositiveEmotions, t)), n);

        int largest = options.ProxySizes.Max();
        var proxies = new List<ToyProxySet>();
        var check = new List<ToyItem>();
        foreach (var category in ToyCategories.ProxyCandidates)
        {
            var triggers = split.ProxyTriggers(category, largest);
            var items = Items(FVersion.Updated, triggers.Select(t => (category, t)), n);
            // Nested sets: the k-trigger proxy is the first k triggers with their very same points.
            foreach (var size in options.ProxySizes.Order())
                proxies.Add(new ToyProxySet(category, size, triggers.Take(size).ToList(), items.Where(i => triggers.Take(size).Contains(i.Trigger)).ToList()));
            check.AddRange(Items(FVersion.Updated, triggers.Select(t => (category, t)), m));
        }

        return new ToyWorldData(options, split, phase1,
            new ToyEvaluationSet("phase1_new_points", FVersion.Base, newPoints),
            new ToyEvaluationSet("phase1_held_out", FVersion.Base, heldOutBase),
            phase2, proxies,
            new ToyEvaluationSet("evaluation", FVersion.Updated, evaluation),
            new ToyEvaluationSet("proxy_trigger_check", FVersion.Updated, check));
    }
}
