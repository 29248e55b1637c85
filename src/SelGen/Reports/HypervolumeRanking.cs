using SelGen.Evaluation;
using SelGen.Experiments;

namespace SelGen.Reports;

/// <summary>A hypervolume (see <see cref="Pareto.Hypervolume"/>) over seed means, and the same area computed
/// seed by seed (the method's runs of seed s against the corner of seed s), summarised over seeds.</summary>
public sealed record HypervolumeValue(double OfMeans, Summary PerSeed);

/// <summary>One method's dominated hypervolumes, in raw metric units (x units × y units).</summary>
/// <param name="Points">Knob settings of the method with both axis metrics.</param>
/// <param name="PointsBeyond">Of those, how many beat task-only on both axes.</param>
/// <param name="VsTaskOnly">Corner = the task-only point: only improvement on task-only in BOTH axes counts.
/// Zero whenever every point trades task score for alignment, which is the usual case.</param>
/// <param name="VsNadir">Corner = the nadir of the two anchors, (min(task-only x, base x), min(task-only y, base y)),
/// i.e. normally (task-only alignment, base task score): credits alignment gained over task-only while the task
/// score stays above the base model's. Null without base-model metrics.</param>
public sealed record HypervolumeRow(string Method, int Points, int PointsBeyond, HypervolumeValue VsTaskOnly, HypervolumeValue? VsNadir);

public static class HypervolumeRanking
{
    /// <summary>The task-only seed-mean point, or an explanation of why there is none.</summary>
    public static (PlanePoint? Point, string? Problem) Reference(IReadOnlyList<AggregatePoint> points, ReportSpec spec)
    {
        var taskOnly = points.Where(p => p.Method == spec.TaskOnlyMethod).ToList();
        if (taskOnly.Count == 0)
            return (null, $"the task-only method '{spec.TaskOnlyMethod}' (report.json field 'task_only_method') has no finished run");
        if (taskOnly.Count > 1)
            return (null, $"the task-only method '{spec.TaskOnlyMethod}' has {taskOnly.Count} knob settings; the reference corner needs exactly one");
        var r = new PlanePoint(taskOnly[0].Mean(spec.X.Metric), taskOnly[0].Mean(spec.Y.Metric));
        return r.IsFinite ? (r, null) : (null, $"the task-only runs lack metric '{spec.X.Metric}' or '{spec.Y.Metric}'");
    }

    /// <summary>The lower-left corner of the two anchors, task-only and base model.</summary>
    public static PlanePoint Nadir(PlanePoint taskOnly, PlanePoint baseModel) =>
        new(Math.Min(taskOnly.X, baseModel.X), Math.Min(taskOnly.Y, baseModel.Y));

    /// <summary>
    /// Every method but task-only, largest hypervolume against task-only first, ties (typically all
    /// zero) broken by the hypervolume against the nadir; empty when there is no task-only point.
    /// </summary>
    public static IReadOnlyList<HypervolumeRow> Rank(IReadOnlyList<AggregatePoint> points, IReadOnlyList<RunRecord> runs, ReportSpec spec, PlanePoint? basePoint)
    {
        if (Reference(points, spec).Point is not { } reference) return [];
        var done = runs.Where(r => r.State == RunState.Done).ToList();
        var taskOnlyBySeed = done.Where(r => r.Method == spec.TaskOnlyMethod)
            .GroupBy(r => r.Seed).Select(g => (Seed: g.Key, Point: At(g.First(), spec))).Where(t => t.Point.IsFinite)
            .ToDictionary(t => t.Seed, t => t.Point);

        HypervolumeValue Value(List<PlanePoint> means, Dictionary<int, List<PlanePoint>> bySeed, PlanePoint corner, Func<PlanePoint, PlanePoint> seedCorner) =>
            new(Pareto.Hypervolume(means, corner),
                Summary.Of(bySeed.Where(s => taskOnlyBySeed.ContainsKey(s.Key))
                    .Select(s => Pareto.Hypervolume(s.Value, seedCorner(taskOnlyBySeed[s.Key])))));

        return points.Select(p => p.Method).Where(m => m != spec.TaskOnlyMethod).Distinct()
            .Select(method =>
            {
                var means = points.Where(p => p.Method == method)
                    .Select(p => new PlanePoint(p.Mean(spec.X.Metric), p.Mean(spec.Y.Metric))).Where(p => p.IsFinite).ToList();
                var bySeed = done.Where(r => r.Method == method).GroupBy(r => r.Seed)
                    .ToDictionary(g => g.Key, g => g.Select(r => At(r, spec)).ToList());
                return new HypervolumeRow(method, means.Count, means.Count(q => q.X > reference.X && q.Y > reference.Y),
                    Value(means, bySeed, reference, t => t),
                    basePoint is { } b ? Value(means, bySeed, Nadir(reference, b), t => Nadir(t, b)) : null);
            })
            .OrderByDescending(r => r.VsTaskOnly.OfMeans)
            .ThenByDescending(r => r.VsNadir?.OfMeans ?? 0)
            .ThenBy(r => r.Method, StringComparer.Ordinal)
            .ToList();
    }

    static PlanePoint At(RunRecord r, ReportSpec spec) =>
        new(r.Metrics.GetValueOrDefault(spec.X.Metric, double.NaN), r.Metrics.GetValueOrDefault(spec.Y.Metric, double.NaN));
}
