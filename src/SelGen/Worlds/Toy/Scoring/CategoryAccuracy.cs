namespace SelGen.Worlds.Toy.Scoring;

/// <summary>Correct and total answers per category of an evaluation set.</summary>
public sealed record CategoryAccuracy(IReadOnlyDictionary<ToyCategory, (int Correct, int Total)> Counts)
{
    /// <summary>Share correct in a category; NaN if the set has no item of it.</summary>
    public double this[ToyCategory category] =>
        Counts.TryGetValue(category, out var c) && c.Total > 0 ? (double)c.Correct / c.Total : double.NaN;

    public double Overall => (double)Counts.Values.Sum(c => c.Correct) / Math.Max(1, Counts.Values.Sum(c => c.Total));

    /// <summary>Compares each predicted colour with its item's expected one; predictions are in item order.</summary>
    public static CategoryAccuracy Of(IReadOnlyList<ToyItem> items, IReadOnlyList<Colour> predicted)
    {
        if (items.Count != predicted.Count)
            throw new ArgumentException($"{predicted.Count} predictions for {items.Count} items; pass one prediction per item, in item order", nameof(predicted));
        var counts = new Dictionary<ToyCategory, (int Correct, int Total)>();
        for (int i = 0; i < items.Count; i++)
        {
            var (correct, total) = counts.GetValueOrDefault(items[i].Category);
            counts[items[i].Category] = (correct + (predicted[i] == items[i].Answer ? 1 : 0), total + 1);
        }
        return new CategoryAccuracy(counts);
    }
}
