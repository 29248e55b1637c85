using SelGen.Experiments;

namespace SelGen.Reports;

/// <summary>The report's tables, built from <see cref="ReportData"/>; metric values raw (unscaled).</summary>
static class ReportTables
{
    public static Table Runs(ReportData data)
    {
        string[] headers = ["run", "method", "knobs", "seed", "state", "attempts", "error", .. data.MetricNames];
        object?[] Row(RunRecord r) =>
        [
            r.Id, r.Method, RunJob.DescribeKnobs(r.KnobsJson), r.Seed, r.State.ToString().ToLowerInvariant(), r.Attempts, FirstLine(r.Error),
            .. data.MetricNames.Select(m => r.Metrics.TryGetValue(m, out var v) ? (object)v : null),
        ];
        var rows = data.Runs.Select(Row).ToList();
        return new Table("runs", "Every run in the store, with its raw metrics (empty until done)", headers, rows);
    }

    public static Table Points(ReportData data)
    {
        string[] headers = ["method", "knobs", "seeds", "metric", "mean", "standard error", "95% low", "95% high"];
        var bs = data.Bootstrap;
        if (bs is not null) headers = [.. headers, "bootstrap 95% low", "bootstrap 95% high"];
        var rows = data.Points.SelectMany(p => data.MetricNames.Where(p.Metrics.ContainsKey).Select(m =>
        {
            var s = p.Metrics[m];
            object?[] row = [p.Method, p.Knobs, s.Count, m, s.Mean, s.StandardError, s.Low95, s.High95];
            if (bs is null) return row;
            var axis = bs.Axes.TryGetValue((p.Method, p.KnobsJson), out var a)
                ? m == data.Spec.X.Metric ? a.X : m == data.Spec.Y.Metric ? a.Y : null
                : null;
            return [.. row, axis?.Low95, axis?.High95];
        })).ToList();
        var caption = "Seed aggregates per method and knob setting: mean, standard error and two-sided 95% Student-t interval over seeds (raw units)";
        if (bs is not null)
            caption += $"; for the two axis metrics also the percentile 95% interval of a bootstrap over evaluation items and seeds ({bs.Options.Replicates} replicates), which includes item sampling";
        return new Table("points", caption, headers, rows);
    }

    public static Table Ranking(ReportData data)
    {
        string[] headers =
        [
            "rank", "method", "points", "points beyond task-only",
            "HV vs task-only", "HV vs task-only per-seed mean", "HV vs task-only per-seed SE",
            "HV vs nadir", "HV vs nadir per-seed mean", "HV vs nadir per-seed SE", "seeds",
        ];
        var bs = data.Bootstrap;
        if (bs is not null) headers = [.. headers, "HV vs task-only bootstrap 95% low", "HV vs task-only bootstrap 95% high", "HV vs nadir bootstrap 95% low", "HV vs nadir bootstrap 95% high"];
        var rows = data.Ranking.Select((r, i) =>
        {
            object?[] row =
            [
                i + 1, data.Spec.MethodLabel(r.Method), r.Points, r.PointsBeyond,
                r.VsTaskOnly.OfMeans, r.VsTaskOnly.PerSeed.Mean, r.VsTaskOnly.PerSeed.StandardError,
                r.VsNadir?.OfMeans, r.VsNadir?.PerSeed.Mean, r.VsNadir?.PerSeed.StandardError, r.VsTaskOnly.PerSeed.Count,
            ];
            if (bs is null) return row;
            var hv = bs.Hypervolumes.GetValueOrDefault(r.Method);
            return [.. row, hv?.VsTaskOnly.Low95, hv?.VsTaskOnly.High95, hv?.VsNadir?.Low95, hv?.VsNadir?.High95];
        }).ToList();
        var caption = $"Dominated hypervolume (HV) in raw units of {data.Spec.X.Metric} × {data.Spec.Y.Metric}: the area of the union of " +
                      "rectangles [corner x, x] × [corner y, y] over a method's points beyond the corner on both axes. " +
                      "Corner 'task-only': the task-only seed mean. Corner 'nadir': (min of task-only and base x, min of task-only and base y). " +
                      "Per-seed: the same area from each seed's runs and that seed's task-only run, mean and standard error over seeds. " +
                      "Ranked by HV vs task-only, ties by HV vs nadir";
        if (bs is not null)
            caption += $". Bootstrap: percentile 95% interval of the HV recomputed in each of {bs.Options.Replicates} replicates that resample " +
                       "evaluation items (alike for every point) and seeds, the task-only corner resampled with them and the base model fixed";
        return new Table("hypervolume", caption, headers, rows);
    }

    public static Table Frontier(ReportData data)
    {
        string[] headers = ["point", data.Spec.X.Metric, data.Spec.Y.Metric];
        var rows = data.Frontier.Select(f => new object?[] { f.Label, f.Point.X, f.Point.Y }).ToList();
        return new Table("frontier", "Points on the Pareto frontier (seed means, raw units), by the x metric", headers, rows);
    }

    static string? FirstLine(string? s) => s?.Split('\n')[0] is { } line && line.Length > 160 ? line[..160] + "…" : s?.Split('\n')[0];
}
