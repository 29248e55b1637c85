namespace SelGen.Evaluation.Items;

/// <summary>One point (a method at one knob setting): the item tables of its seeds' evaluations.</summary>
/// <param name="Seeds">Training seeds, one per table, in the same order.</param>
public sealed record BootstrapPoint(IReadOnlyList<int> Seeds, IReadOnlyList<ItemTable> Tables)
{
    public BootstrapPoint(IReadOnlyList<ItemTable> tables) : this(Enumerable.Range(0, tables.Count).ToList(), tables) { }
}

/// <param name="Replicates">Bootstrap replicates (resamples of seeds and items).</param>
/// <param name="Seed">Seed of the resampling: the same inputs and seed give the same intervals.</param>
public sealed record BootstrapOptions(int Replicates = 1000, int Seed = 0)
{
    public void Validate()
    {
        if (Replicates < 2) throw new SelGenException($"bootstrap replicates is {Replicates}; it must be at least 2 (default 1000)");
    }
}

/// <summary>A point estimate and its percentile 95% bootstrap interval; Low/High NaN when no replicate is finite.</summary>
public sealed record BootstrapInterval(double Estimate, double Low95, double High95, int Replicates)
{
    /// <summary>Percentile interval of finite replicate values around a given estimate.</summary>
    public static BootstrapInterval Of(double estimate, IEnumerable<double> replicates)
    {
        var xs = replicates.Where(double.IsFinite).Order().ToArray();
        return xs.Length == 0
            ? new BootstrapInterval(estimate, double.NaN, double.NaN, 0)
            : new BootstrapInterval(estimate, Bootstrap.Quantile(xs, 0.025), Bootstrap.Quantile(xs, 0.975), xs.Length);
    }
}

/// <summary>
/// The bootstrap over items and seeds. Each replicate draws, with replacement, (a) as many items as a metric has,
/// from its items, with the SAME draws for every seed and every point (the evaluation data are fixed across
/// training seeds and methods, so items are the shared unit and comparisons are paired), and (b) as many seeds as a
/// point has, from its seeds; points with the same seed list get the same seed draws (seed s of two methods shares
/// the data order and initialisation). A metric of a replicate is the mean over the drawn seeds of
/// Σ num / Σ den over the drawn items, which for the full sample is exactly the seed mean the report shows.
/// Metrics with the same item set share their item draws (so x and y of one plane are resampled jointly when they
/// are measured on the same items).
/// </summary>
public static class Bootstrap
{
    /// <summary>
    /// Replicate values: result[p][m][b] is metric <paramref name="metrics"/>[m] of point p in replicate b (NaN
    /// when a point lacks the metric or every drawn seed has Σ den = 0).
    /// </summary>
    public static double[][][] Replicates(IReadOnlyList<BootstrapPoint> points, IReadOnlyList<string> metrics, BootstrapOptions? options = null)
    {
        options ??= new BootstrapOptions();
        options.Validate();
        foreach (var p in points)
            if (p.Tables.Count == 0 || p.Tables.Count != p.Seeds.Count)
                throw new SelGenException($"a bootstrap point needs at least one seed and one item table per seed (has {p.Seeds.Count} seeds, {p.Tables.Count} tables)");
        // The items of each metric: the union over every point and seed, in ordinal order, so indices mean the same item everywhere.
        var itemsOf = metrics.Select(m => points.SelectMany(p => p.Tables).SelectMany(t => t.Items(m).Keys)
            .Distinct().Order(StringComparer.Ordinal).ToArray()).ToArray();
        var universeOf = itemsOf.Select(items => string.Join("\n", items)).ToArray();
        var universes = universeOf.Distinct().ToList();
        var universeSize = universes.Select(u => itemsOf[Array.IndexOf(universeOf, u)].Length).ToArray();
        // Contributions as arrays [point][seed][metric][item].
        var num = new double[points.Count][][][];
        var den = new double[points.Count][][][];
        for (int p = 0; p < points.Count; p++)
        {
            var tables = points[p].Tables;
            num[p] = new double[tables.Count][][];
            den[p] = new double[tables.Count][][];
            for (int s = 0; s < tables.Count; s++)
            {
                num[p][s] = new double[metrics.Count][];
                den[p][s] = new double[metrics.Count][];
                for (int m = 0; m < metrics.Count; m++)
                {
                    var items = tables[s].Items(metrics[m]);
                    num[p][s][m] = itemsOf[m].Select(i => items.TryGetValue(i, out var c) ? c.Num : 0).ToArray();
                    den[p][s][m] = itemsOf[m].Select(i => items.TryGetValue(i, out var c) ? c.Den : 0).ToArray();
                }
            }
        }
        var seedKey = points.Select(p => string.Join(",", p.Seeds)).ToArray();
        var seedGroups = seedKey.Distinct().ToList();
        var seedGroupSize = seedGroups.Select(g => points[Array.IndexOf(seedKey, g)].Seeds.Count).ToArray();

        var result = points.Select(_ => metrics.Select(_ => new double[options.Replicates]).ToArray()).ToArray();
        var rng = new Random(options.Seed);
        for (int b = 0; b < options.Replicates; b++)
        {
            // Fixed draw order (universes, then seed groups, each in first-seen order) makes replicates reproducible.
            var itemDraws = universes.Select((u, j) => (u, j)).ToDictionary(x => x.u, x => Draw(rng, universeSize[x.j]));
            var seedDraws = seedGroups.Select((g, j) => (g, j)).ToDictionary(x => x.g, x => Draw(rng, seedGroupSize[x.j]));
            for (int p = 0; p < points.Count; p++)
            {
                var seeds = seedDraws[seedKey[p]];
                for (int m = 0; m < metrics.Count; m++)
                {
                    var items = itemDraws[universeOf[m]];
                    double sum = 0;
                    int finite = 0;
                    foreach (int s in seeds)
                    {
                        if (!points[p].Tables[s].Has(metrics[m])) continue;
                        double n = 0, d = 0;
                        foreach (int i in items) { n += num[p][s][m][i]; d += den[p][s][m][i]; }
                        if (d == 0) continue;
                        sum += n / d;
                        finite++;
                    }
                    result[p][m][b] = finite == 0 ? double.NaN : sum / finite;
                }
            }
        }
        return result;
    }

    static int[] Draw(Random rng, int n)
    {
        var draws = new int[n];
        for (int i = 0; i < n; i++) draws[i] = rng.Next(n);
        return draws;
    }

    /// <summary>The seed mean of Σ num / Σ den over all items: the estimate the intervals are around.</summary>
    public static double Estimate(BootstrapPoint point, string metric)
    {
        var values = point.Tables.Where(t => t.Has(metric)).Select(t => t.Value(metric)).Where(double.IsFinite).ToList();
        return values.Count == 0 ? double.NaN : values.Average();
    }

    /// <summary>Percentile 95% intervals of each metric of one point.</summary>
    public static IReadOnlyDictionary<string, BootstrapInterval> Intervals(BootstrapPoint point, IReadOnlyList<string> metrics, BootstrapOptions? options = null)
    {
        var r = Replicates([point], metrics, options)[0];
        return metrics.Select((m, i) => (m, i)).ToDictionary(x => x.m, x => BootstrapInterval.Of(Estimate(point, x.m), r[x.i]));
    }

    /// <summary>The paired interval of a − b for one metric: both points are resampled with the same item draws.</summary>
    public static BootstrapInterval Difference(BootstrapPoint a, BootstrapPoint b, string metric, BootstrapOptions? options = null)
    {
        var r = Replicates([a, b], [metric], options);
        return BootstrapInterval.Of(Estimate(a, metric) - Estimate(b, metric), r[0][0].Zip(r[1][0], (x, y) => x - y));
    }

    /// <summary>Type-7 quantile (linear between order statistics) of sorted values.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0) return double.NaN;
        double h = (sorted.Count - 1) * q;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
