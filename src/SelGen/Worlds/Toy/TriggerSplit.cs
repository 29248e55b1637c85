namespace SelGen.Worlds.Toy;

/// <summary>
/// The seeded roles of the 105 triggers. Per category: <see cref="Train"/> triggers are learned in phase 1 and
/// the rest are <see cref="HeldOut"/>: seen in no training phase, they are what every evaluation set asks
/// about. <see cref="Narrow"/> is the positive-emotion training triggers the update retrains.
/// <see cref="ProxyOrder"/> is a seeded order of each proxy category's training triggers: a proxy of size k is
/// its first k, so the 1-trigger proxy is inside the 5-trigger one and the rows differ only in size.
/// </summary>
public sealed record TriggerSplit(
    IReadOnlyDictionary<ToyCategory, IReadOnlyList<string>> Train,
    IReadOnlyDictionary<ToyCategory, IReadOnlyList<string>> HeldOut,
    IReadOnlyList<string> Narrow,
    IReadOnlyDictionary<ToyCategory, IReadOnlyList<string>> ProxyOrder)
{
    public IReadOnlyList<string> ProxyTriggers(ToyCategory category, int size)
    {
        if (!ProxyOrder.TryGetValue(category, out var order))
            throw new SelGenException($"'{category.Key()}' cannot be a proxy category; expected one of {string.Join(", ", ToyCategories.ProxyCandidates.Select(c => c.Key()))}");
        if (size < 1 || size > order.Count)
            throw new SelGenException($"proxy size {size} for '{category.Key()}' must be 1..{order.Count} (its training triggers)");
        return order.Take(size).ToList();
    }

    public static TriggerSplit Draw(ToyWorldOptions options, Random rng)
    {
        var train = new Dictionary<ToyCategory, IReadOnlyList<string>>();
        var heldOut = new Dictionary<ToyCategory, IReadOnlyList<string>>();
        foreach (var category in ToyCategories.All)
        {
            var shuffled = Shuffled(Triggers.ByCategory[category], rng);
            train[category] = shuffled.Take(options.TrainTriggersPerCategory).ToList();
            heldOut[category] = shuffled.Skip(options.TrainTriggersPerCategory).ToList();
        }
        var narrow = Shuffled(train[ToyCategory.PositiveEmotions], rng).Take(options.NarrowTriggers).ToList();
        var proxyOrder = ToyCategories.ProxyCandidates.ToDictionary(c => c, c => (IReadOnlyList<string>)Shuffled(train[c], rng));
        return new TriggerSplit(train, heldOut, narrow, proxyOrder);
    }

    static string[] Shuffled(IEnumerable<string> items, Random rng)
    {
        var array = items.ToArray();
        rng.Shuffle(array);
        return array;
    }
}
