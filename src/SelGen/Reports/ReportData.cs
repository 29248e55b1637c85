using SelGen.Evaluation.Items;
using SelGen.Experiments;

namespace SelGen.Reports;

/// <summary>Everything a report shows, computed once from the sweep folder: runs, seed aggregates, frontier, ranking.</summary>
public sealed class ReportData
{
    public required string SweepDir { get; init; }
    public required ReportSpec Spec { get; init; }
    public required IReadOnlyList<RunRecord> Runs { get; init; }
    public required IReadOnlyList<AggregatePoint> Points { get; init; }

    /// <summary>Methods with at least one finished run, in registration order.</summary>
    public required IReadOnlyList<string> Methods { get; init; }

    /// <summary>Every metric name of every finished run, sorted, the two axis metrics first.</summary>
    public required IReadOnlyList<string> MetricNames { get; init; }

    /// <summary>The base model on the plane (raw units), when report.json gives both axis metrics for it.</summary>
    public PlanePoint? BasePoint { get; init; }

    /// <summary>The task-only seed mean: the hypervolume's reference corner; null with <see cref="ReferenceProblem"/> saying why.</summary>
    public PlanePoint? Reference { get; init; }
    public string? ReferenceProblem { get; init; }

    /// <summary>Non-dominated points among all method points and the base model, by X ascending.</summary>
    public required IReadOnlyList<(string Label, PlanePoint Point)> Frontier { get; init; }

    public required IReadOnlyList<HypervolumeRow> Ranking { get; init; }

    /// <summary>Item+seed bootstrap intervals, when every finished run has an items file (null: seed-only intervals).</summary>
    public ItemBootstrap? Bootstrap { get; init; }

    /// <summary>Why some runs' items files are missing (the report then says so and keeps seed-only intervals).</summary>
    public string? BootstrapProblem { get; init; }

    /// <summary>Reads <c>runs.sqlite</c> and <c>report.json</c> of a sweep folder. Only done runs enter the
    /// aggregates; a sweep still in progress gives a report of what is finished.</summary>
    /// <param name="axes">Other metrics for the plane than report.json's (null: its own).</param>
    /// <param name="bootstrap">Replicates and seed of the item+seed bootstrap (null: 1000 replicates, seed 0).</param>
    public static ReportData Load(string sweepDir, ReportAxes? axes = null, BootstrapOptions? bootstrap = null)
    {
        if (!Directory.Exists(sweepDir)) throw new SelGenException($"{sweepDir}: no such folder; give the folder of a sweep");
        var specPath = Path.Combine(sweepDir, ReportSpec.FileName);
        if (!File.Exists(specPath))
            throw new SelGenException($"{specPath}: no such file; the sweep writes it (axis metrics and labels, the task-only method); see docs/reports.md");
        var spec = ReportSpec.Load(specPath);
        if (axes is not null)
        {
            spec = axes.Apply(spec);
            specPath = "selgen report --x/--y";
        }
        var runs = RunStore.OpenExisting(sweepDir).Runs();
        var points = Aggregation.Group(runs);
        if (points.Count == 0)
            throw new SelGenException($"{sweepDir}: no finished run in {RunStore.FileName} yet ({runs.Count} registered); nothing to report");

        var metrics = points.SelectMany(p => p.Metrics.Keys).Distinct().ToList();
        foreach (var (axis, field) in new[] { (spec.X, "x"), (spec.Y, "y") })
            if (!metrics.Contains(axis.Metric))
                throw new SelGenException($"{specPath}: field '{field}.metric' is '{axis.Metric}', which no finished run has; metrics present: {string.Join(", ", metrics.Order(StringComparer.Ordinal))}");

        PlanePoint? basePoint = null;
        if (spec.Base is { } b && b.Metrics.TryGetValue(spec.X.Metric, out var bx) && b.Metrics.TryGetValue(spec.Y.Metric, out var by))
            basePoint = new PlanePoint(bx, by);

        var (reference, problem) = HypervolumeRanking.Reference(points, spec);
        var candidates = points
            .Select(p => (Label: Describe(spec, p), Point: new PlanePoint(p.Mean(spec.X.Metric), p.Mean(spec.Y.Metric))))
            .Concat(basePoint is { } bp ? [(spec.Base!.Label, bp)] : [])
            .ToList();
        var frontier = Pareto.Frontier(candidates.Select(c => c.Point).ToList()).Select(i => candidates[i]).ToList();

        var ranking = HypervolumeRanking.Rank(points, runs, spec, basePoint);
        var (items, itemsProblem) = ItemBootstrap.Compute(points, runs, spec, basePoint, ranking, bootstrap ?? new BootstrapOptions());
        return new ReportData
        {
            SweepDir = Path.GetFullPath(sweepDir),
            Spec = spec,
            Runs = runs,
            Points = points,
            Methods = points.Select(p => p.Method).Distinct().ToList(),
            MetricNames = [spec.X.Metric, .. new[] { spec.Y.Metric }.Where(m => m != spec.X.Metric),
                .. metrics.Where(m => m != spec.X.Metric && m != spec.Y.Metric).Order(StringComparer.Ordinal)],
            BasePoint = basePoint,
            Reference = reference,
            ReferenceProblem = problem,
            Frontier = frontier,
            Ranking = ranking,
            Bootstrap = items,
            BootstrapProblem = itemsProblem,
        };
    }

    public bool HasAxes(AggregatePoint p) => new PlanePoint(p.Mean(Spec.X.Metric), p.Mean(Spec.Y.Metric)).IsFinite;

    /// <summary>"KL penalty beta=5": the method's display name and its knob setting.</summary>
    public static string Describe(ReportSpec spec, AggregatePoint p) =>
        p.Knobs.Length == 0 ? spec.MethodLabel(p.Method) : $"{spec.MethodLabel(p.Method)} {p.Knobs}";

    /// <summary>The method's display name, followed by its knob names when report.json gives no label for it.</summary>
    public string LegendLabel(string method)
    {
        if (Spec.MethodLabels.TryGetValue(method, out var label)) return label;
        var knobs = Points.Where(p => p.Method == method).SelectMany(p => RunJob.KnobNames(p.KnobsJson)).Distinct().ToList();
        return knobs.Count == 0 ? method : $"{method} ({string.Join(", ", knobs)})";
    }
}
