namespace SelGen.Reports;

/// <summary>A point of the (alignment, capability) plane; both coordinates are to be maximised.</summary>
public readonly record struct PlanePoint(double X, double Y)
{
    public bool IsFinite => double.IsFinite(X) && double.IsFinite(Y);

    /// <summary>At least as good on both axes and strictly better on one.</summary>
    public bool Dominates(PlanePoint o) => X >= o.X && Y >= o.Y && (X > o.X || Y > o.Y);
}

/// <summary>Pareto frontier and dominated hypervolume in two dimensions, maximising both axes.</summary>
public static class Pareto
{
    /// <summary>Indices of the points no other point dominates, sorted by X ascending (so Y descending).
    /// Non-finite points are never on the frontier. Equal points are all kept.</summary>
    public static IReadOnlyList<int> Frontier(IReadOnlyList<PlanePoint> points) =>
        Enumerable.Range(0, points.Count)
            .Where(i => points[i].IsFinite && !points.Any(q => q.IsFinite && q.Dominates(points[i])))
            .OrderBy(i => points[i].X).ThenByDescending(i => points[i].Y)
            .ToList();

    /// <summary>
    /// The boundary of the region the frontier dominates, as a polyline through the frontier points:
    /// from each point straight down to the next point's height, then right to it. Input sorted as
    /// <see cref="Frontier"/> returns it.
    /// </summary>
    public static IReadOnlyList<PlanePoint> Staircase(IReadOnlyList<PlanePoint> frontier)
    {
        var line = new List<PlanePoint>();
        for (int i = 0; i < frontier.Count; i++)
        {
            if (i > 0) line.Add(new PlanePoint(frontier[i - 1].X, frontier[i].Y));
            line.Add(frontier[i]);
        }
        return line;
    }

    /// <summary>
    /// Dominated hypervolume relative to a reference corner r:
    /// HV(P; r) = area( ⋃_{p ∈ P, p.X &gt; r.X, p.Y &gt; r.Y} [r.X, p.X] × [r.Y, p.Y] ),
    /// the area of the union of the rectangles spanned between r and each point that improves on r in
    /// both axes. Points not beyond r on both axes (and non-finite points) add nothing, so
    /// HV = 0 means no point beats r on both axes at once. Units: (x units) × (y units).
    /// </summary>
    /// <remarks>Computed by horizontal slabs: with points by X descending, each point adds the slab
    /// [r.X, p.X] × [highest Y so far, p.Y] when it reaches higher than all wider points.</remarks>
    public static double Hypervolume(IEnumerable<PlanePoint> points, PlanePoint reference)
    {
        if (!reference.IsFinite) throw new ArgumentException("the reference point must be finite", nameof(reference));
        double area = 0, top = reference.Y;
        foreach (var p in points.Where(p => p.IsFinite && p.X > reference.X && p.Y > reference.Y).OrderByDescending(p => p.X))
        {
            if (p.Y <= top) continue;
            area += (p.X - reference.X) * (p.Y - top);
            top = p.Y;
        }
        return area;
    }
}
