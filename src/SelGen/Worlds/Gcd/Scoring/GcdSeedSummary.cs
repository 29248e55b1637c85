using SelGen.Evaluation;

namespace SelGen.Worlds.Gcd.Scoring;

/// <summary>
/// Reports of several training seeds summarised per label and metric (mean, standard error, 95% t interval).
/// A NaN (e.g. no item known in that seed) is left out of that metric's summary, and its count says so.
/// </summary>
public sealed record GcdSeedSummary(IReadOnlyList<(string Label, IReadOnlyList<Summary> Metrics)> Labels, IReadOnlyList<Summary> Pooled)
{
    public static GcdSeedSummary Of(IReadOnlyList<GcdScoreReport> seeds)
    {
        if (seeds.Count == 0) throw new ArgumentException("no seed reports to summarise", nameof(seeds));
        var labels = seeds.SelectMany(s => s.Labels.Select(l => l.Label)).Distinct().ToList();
        var missing = labels.FirstOrDefault(l => seeds.Any(s => s.Labels.All(x => x.Label != l)));
        if (missing is not null) throw new SelGenException($"label '{missing}' is missing from some seed reports; score every seed on the same test files");
        return new GcdSeedSummary(
            [.. labels.Select(l => (l, Summarise(seeds.Select(s => s.Label(l).Metrics))))],
            Summarise(seeds.Select(s => s.Pooled.Metrics)));
    }

    static IReadOnlyList<Summary> Summarise(IEnumerable<GcdMetrics> metrics)
    {
        var list = metrics.ToList();
        return [.. Enumerable.Range(0, GcdMetrics.Names.Count).Select(i => Summary.Of(list.Select(m => m.Values[i])))];
    }
}
