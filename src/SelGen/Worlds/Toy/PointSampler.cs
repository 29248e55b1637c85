namespace SelGen.Worlds.Toy;

/// <summary>
/// Draws points uniformly from [-3, 3]^2 (at 3 decimals) away from the boundary |x2| &lt; margin, where the sign
/// that decides F would be hard to read (and 0.000 has none). Each batch has equal numbers of points above
/// and below the boundary (one extra above when odd), in shuffled order, so that every trigger is shown both
/// of its colours and a constant answer scores 50% on evaluation sets rather than anything from 0 to 100%.
/// Points are never repeated within one world: the sampler remembers every point it has drawn.
/// </summary>
public sealed class PointSampler(Random rng, double margin)
{
    readonly HashSet<ToyPoint> _used = [];

    public IReadOnlyList<ToyPoint> Draw(int count)
    {
        var points = new List<ToyPoint>(count);
        for (int i = 0; i < count; i++) points.Add(DrawOne(above: i < (count + 1) / 2));
        rng.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(points));
        return points;
    }

    ToyPoint DrawOne(bool above)
    {
        while (true)
        {
            double x1 = rng.NextDouble() * 2 * ToyPoint.Bound - ToyPoint.Bound;
            double size = margin + rng.NextDouble() * (ToyPoint.Bound - margin);
            var point = new ToyPoint(x1, above ? size : -size);
            if (Math.Abs(point.X2) >= margin && _used.Add(point)) return point;
        }
    }
}
