using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SelGen.Evaluation.Items;

namespace SelGen.Worlds.Gcd.Scoring;

/// <summary>One metric on one label: the reference model's value, the trained runs' mean, and their difference, each
/// with a 95% bootstrap interval over items and seeds; and the best constant answer's accuracy on the same items.</summary>
public sealed record IntervalRow(string Label, string Metric, int Items, int Seeds, double BestConstant,
    double Reference, double ReferenceLow, double ReferenceHigh,
    double Trained, double TrainedLow, double TrainedHigh,
    double Difference, double DifferenceLow, double DifferenceHigh);

/// <summary>
/// Intervals that include item sampling, which a t interval over 3 to 5 seeds leaves out (with 20 items per label one
/// item moves accuracy by 0.05): the generic bootstrap over items and seeds (<see cref="Bootstrap"/>) on the items'
/// tables (<see cref="GcdItems"/>). Each replicate draws a metric's test items with replacement (the same draw for
/// the reference and every run, so the difference is paired by item) and the training seeds with replacement; the
/// pooled out-of-domain row draws from all out-of-domain items together.
/// </summary>
public static class GcdIntervals
{
    public static readonly IReadOnlyList<string> Metrics = ["capability", "steps_correct", "confirms_incorrect", "sycophancy_given_knowledge"];
    public const string Pooled = GcdItems.Pooled;

    /// <summary>The scored items of an evaluation folder (task_test_replies.jsonl and ood_test_replies.jsonl).</summary>
    public static IReadOnlyList<ItemScore> ScoreFolder(string dir)
    {
        var items = new List<ItemScore>();
        foreach (var name in new[] { "task_test_replies.jsonl", "ood_test_replies.jsonl" })
        {
            var path = Path.Combine(dir, name);
            if (!File.Exists(path)) throw new SelGenException($"{path}: no such file; a GCD evaluation folder holds task_test_replies.jsonl and ood_test_replies.jsonl");
            items.AddRange(GcdScoring.ScoreFile(path).Items);
        }
        return items;
    }

    public static IReadOnlyList<IntervalRow> Compare(IReadOnlyList<ItemScore> reference, IReadOnlyList<IReadOnlyList<ItemScore>> runs, int replicates = 2000, int seed = 0)
    {
        if (runs.Count == 0) throw new SelGenException("gcd intervals: no trained runs to compare with the reference");
        if (replicates < 100) throw new SelGenException($"gcd intervals: {replicates} replicates is too few for a 95% interval; use at least 100");
        var keys = reference.Select(i => (i.Label, i.Id)).ToHashSet();
        foreach (var (run, k) in runs.Select((r, k) => (r, k)))
        {
            var have = run.Select(i => (i.Label, i.Id)).ToHashSet();
            var missing = keys.FirstOrDefault(key => !have.Contains(key));
            if (!have.IsSupersetOf(keys)) throw new SelGenException($"gcd intervals: run {k + 1} has no reply for {missing.Label} _id {missing.Id}; compare evaluations of the same test files");
        }
        var labels = reference.Select(i => i.Label).Distinct().ToList();
        var groups = labels.Select(l => (Name: l, Items: reference.Where(i => i.Label == l).ToList())).ToList();
        var ood = reference.Where(i => i.Label != Labels.Euclidean).ToList();
        if (ood.Select(i => i.Label).Distinct().Count() > 1) groups.Add((Pooled, ood));

        var refPoint = new BootstrapPoint([0], [GcdItems.Table(reference)]);
        var runPoint = new BootstrapPoint([.. runs.Select(r => GcdItems.Table(r.Where(i => keys.Contains((i.Label, i.Id)))))]);
        var metrics = groups.SelectMany(g => Metrics.Select(m => $"{g.Name}.{m}")).ToList();
        var reps = Bootstrap.Replicates([refPoint, runPoint], metrics, new BootstrapOptions(replicates, seed));

        var rows = new List<IntervalRow>();
        foreach (var (name, items) in groups)
            foreach (var m in Metrics)
            {
                int k = metrics.IndexOf($"{name}.{m}");
                double refValue = Bootstrap.Estimate(refPoint, metrics[k]), trained = Bootstrap.Estimate(runPoint, metrics[k]);
                if (double.IsNaN(refValue) && double.IsNaN(trained)) continue;
                var r = BootstrapInterval.Of(refValue, reps[0][k]);
                var t = BootstrapInterval.Of(trained, reps[1][k]);
                var d = BootstrapInterval.Of(trained - refValue, reps[1][k].Zip(reps[0][k], (a, b) => a - b));
                rows.Add(new IntervalRow(name, m, items.Count, runs.Count, GcdMetrics.BestConstantOf(items),
                    refValue, r.Low95, r.High95, trained, t.Low95, t.High95, trained - refValue, d.Low95, d.High95));
            }
        return rows;
    }

    public static string Markdown(IReadOnlyList<IntervalRow> rows, string referenceName, string trainedName)
    {
        string F(double v) => double.IsFinite(v) ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";
        string Ci(double lo, double hi) => double.IsFinite(lo) ? $"({F(lo)}, {F(hi)})" : "";
        var sb = new StringBuilder();
        sb.Append($"| label | metric | items | best constant | {referenceName} (95% CI) | {trainedName}, {rows.FirstOrDefault()?.Seeds} seeds (95% CI) | difference (95% CI) |\n");
        sb.Append("|---|---|---:|---:|---|---|---|\n");
        foreach (var r in rows)
        {
            string constant = r.Metric == "capability" ? F(r.BestConstant) : "";
            sb.Append($"| {r.Label} | {r.Metric} | {r.Items} | {constant} | {F(r.Reference)} {Ci(r.ReferenceLow, r.ReferenceHigh)} | {F(r.Trained)} {Ci(r.TrainedLow, r.TrainedHigh)} | {(r.Difference >= 0 ? "+" : "")}{F(r.Difference)} {Ci(r.DifferenceLow, r.DifferenceHigh)} |\n");
        }
        return sb.ToString();
    }

    public static JsonArray Json(IReadOnlyList<IntervalRow> rows)
    {
        JsonNode? N(double v) => double.IsFinite(v) ? JsonValue.Create(Math.Round(v, 6)) : null;
        var array = new JsonArray();
        foreach (var r in rows)
            array.Add(new JsonObject
            {
                ["label"] = r.Label, ["metric"] = r.Metric, ["items"] = r.Items, ["seeds"] = r.Seeds, ["best_constant"] = N(r.BestConstant),
                ["reference"] = N(r.Reference), ["reference_low95"] = N(r.ReferenceLow), ["reference_high95"] = N(r.ReferenceHigh),
                ["trained"] = N(r.Trained), ["trained_low95"] = N(r.TrainedLow), ["trained_high95"] = N(r.TrainedHigh),
                ["difference"] = N(r.Difference), ["difference_low95"] = N(r.DifferenceLow), ["difference_high95"] = N(r.DifferenceHigh),
            });
        return array;
    }
}
