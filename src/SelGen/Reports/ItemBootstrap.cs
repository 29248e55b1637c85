using SelGen.Evaluation.Items;
using SelGen.Experiments;

namespace SelGen.Reports;

/// <summary>The item+seed bootstrap intervals of one method's hypervolumes (estimates as in <see cref="HypervolumeRow"/>).</summary>
public sealed record HypervolumeIntervals(BootstrapInterval VsTaskOnly, BootstrapInterval? VsNadir);

/// <summary>
/// The axis metrics and hypervolumes of a sweep with intervals from the bootstrap over items and seeds
/// (<see cref="Bootstrap"/>): every point is resampled with the same item draws, so the hypervolume of each
/// replicate is computed from a consistent set of resampled points and a resampled task-only corner. The base
/// model is a fixed point (its evaluation is not resampled).
/// </summary>
public sealed class ItemBootstrap
{
    /// <summary>Per point (method, knobs JSON): the x and y intervals.</summary>
    public required IReadOnlyDictionary<(string Method, string KnobsJson), (BootstrapInterval X, BootstrapInterval Y)> Axes { get; init; }

    /// <summary>Per method but task-only (empty without a task-only point).</summary>
    public required IReadOnlyDictionary<string, HypervolumeIntervals> Hypervolumes { get; init; }

    public required BootstrapOptions Options { get; init; }

    /// <summary>Items per axis metric (the union over runs).</summary>
    public required (int X, int Y) Items { get; init; }

    /// <summary>
    /// The bootstrap of the sweep, or null with the reason when some finished run has no items file with both
    /// axis metrics (then the report keeps the seed-only intervals).
    /// </summary>
    public static (ItemBootstrap? Bootstrap, string? Problem) Compute(IReadOnlyList<AggregatePoint> points, IReadOnlyList<RunRecord> runs,
        ReportSpec spec, PlanePoint? basePoint, IReadOnlyList<HypervolumeRow> ranking, BootstrapOptions options)
    {
        var byId = runs.ToDictionary(r => r.Id);
        var withAxes = points.Where(p => new PlanePoint(p.Mean(spec.X.Metric), p.Mean(spec.Y.Metric)).IsFinite).ToList();
        var samples = new List<BootstrapPoint>();
        int missing = 0, total = 0;
        foreach (var p in withAxes)
        {
            var tables = new List<ItemTable>();
            foreach (var id in p.RunIds)
            {
                total++;
                var t = ItemsFile.ReadFolder(byId[id].RunDir);
                if (t is null || !t.Has(spec.X.Metric) || !t.Has(spec.Y.Metric)) missing++;
                else tables.Add(t);
            }
            samples.Add(new BootstrapPoint(p.Seeds, tables));
        }
        if (total == 0) return (null, null);
        if (missing == total) return (null, null);
        if (missing > 0)
            return (null, $"{missing} of {total} finished run(s) have no {ItemsFile.FileName} with both axis metrics, so the intervals are over seeds only");

        string[] metrics = [spec.X.Metric, spec.Y.Metric];
        var reps = Bootstrap.Replicates(samples, metrics, options);
        var axes = withAxes.Select((p, i) => (p, i)).ToDictionary(
            x => (x.p.Method, x.p.KnobsJson),
            x => (BootstrapInterval.Of(x.p.Mean(spec.X.Metric), reps[x.i][0]), BootstrapInterval.Of(x.p.Mean(spec.Y.Metric), reps[x.i][1])));

        var hypervolumes = new Dictionary<string, HypervolumeIntervals>();
        int taskOnly = withAxes.FindIndex(p => p.Method == spec.TaskOnlyMethod);
        if (taskOnly >= 0 && withAxes.Count(p => p.Method == spec.TaskOnlyMethod) == 1)
        {
            PlanePoint At(int i, int b) => new(reps[i][0][b], reps[i][1][b]);
            foreach (var row in ranking)
            {
                var mine = withAxes.Select((p, i) => (p, i)).Where(x => x.p.Method == row.Method).Select(x => x.i).ToList();
                double Hv(int b, Func<PlanePoint, PlanePoint> corner)
                {
                    var c = corner(At(taskOnly, b));
                    return c.IsFinite ? Pareto.Hypervolume(mine.Select(i => At(i, b)), c) : double.NaN;
                }
                var b = Enumerable.Range(0, options.Replicates);
                hypervolumes[row.Method] = new HypervolumeIntervals(
                    BootstrapInterval.Of(row.VsTaskOnly.OfMeans, b.Select(k => Hv(k, t => t))),
                    basePoint is { } bp && row.VsNadir is { } nadir
                        ? BootstrapInterval.Of(nadir.OfMeans, b.Select(k => Hv(k, t => HypervolumeRanking.Nadir(t, bp))))
                        : null);
            }
        }
        int Count(string m) => samples.SelectMany(s => s.Tables).SelectMany(t => t.Items(m).Keys).Distinct().Count();
        return (new ItemBootstrap { Axes = axes, Hypervolumes = hypervolumes, Options = options, Items = (Count(spec.X.Metric), Count(spec.Y.Metric)) }, null);
    }
}
