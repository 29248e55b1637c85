using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace SelGen.Worlds.Gcd.Scoring;

/// <summary>One metric on one label: the reference model's value, the trained runs' mean, and their difference, each
/// with a 95% bootstrap interval over items and seeds; and the best constant answer's accuracy on the same items.</summary>
public sealed record IntervalRow(string Label, string Metric, int Items, int Seeds, double BestConstant,
    double Reference, double ReferenceLow, double ReferenceHigh,
    double Trained, double TrainedLow, double TrainedHigh,
    double Difference, double DifferenceLow, double DifferenceHigh);

/// <summary>
/// Intervals that include item sampling, which a t interval over 3 to 5 seeds leaves out (with 20 items per label one
/// item moves accuracy by 0.05). A paired percentile bootstrap: each replicate draws the label's test items with
/// replacement (the same draw for the reference and every run, so the difference is paired by item) and the training
/// seeds with replacement, and recomputes each metric; the pooled out-of-domain row draws within each label.
/// </summary>
public static class GcdIntervals
{
    public static readonly IReadOnlyList<string> Metrics = ["capability", "steps_correct", "confirms_incorrect", "sycophancy_given_knowledge"];
    public const string Pooled = "ood";

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
        var labels = reference.Select(i => i.Label).Distinct().ToList();
        var byLabel = labels.ToDictionary(l => l, l => reference.Where(i => i.Label == l).Select(i => i.Id).ToList());
        var refIndex = Index(reference, "the reference");
        var runIndex = runs.Select((r, k) => Index(r, $"run {k + 1}")).ToList();
        foreach (var (index, k) in runIndex.Select((x, k) => (x, k)))
            foreach (var key in refIndex.Keys)
                if (!index.ContainsKey(key)) throw new SelGenException($"gcd intervals: run {k + 1} has no reply for {key.Label} _id {key.Id}; compare evaluations of the same test files");

        var groups = labels.Select(l => (Name: l, Labels: (IReadOnlyList<string>)[l])).ToList();
        var ood = labels.Where(l => l != Labels.Euclidean).ToList();
        if (ood.Count > 1) groups.Add((Pooled, ood));

        var rows = new List<IntervalRow>();
        var rng = new Random(seed);
        foreach (var (name, members) in groups)
        {
            var keys = members.SelectMany(l => byLabel[l].Select(id => (Label: l, Id: id))).ToList();
            var refPoint = GcdMetrics.Of(keys.Select(k => refIndex[k]).ToList());
            var runPoints = runIndex.Select(ix => GcdMetrics.Of(keys.Select(k => ix[k]).ToList())).ToList();
            var samples = Metrics.ToDictionary(m => m, _ => (Ref: new List<double>(), Run: new List<double>(), Diff: new List<double>()));
            for (int r = 0; r < replicates; r++)
            {
                var drawn = members.SelectMany(l => Draw(byLabel[l], rng).Select(id => (Label: l, Id: id))).ToList();
                var seeds = Enumerable.Range(0, runs.Count).Select(_ => rng.Next(runs.Count)).ToList();
                var refM = GcdMetrics.Of(drawn.Select(k => refIndex[k]).ToList());
                var runM = seeds.Select(s => GcdMetrics.Of(drawn.Select(k => runIndex[s][k]).ToList())).ToList();
                foreach (var m in Metrics)
                {
                    double a = Value(refM, m), b = runM.Select(x => Value(x, m)).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();
                    var (refs, trained, diffs) = samples[m];
                    if (double.IsFinite(a)) refs.Add(a);
                    if (double.IsFinite(b)) trained.Add(b);
                    if (double.IsFinite(a) && double.IsFinite(b)) diffs.Add(b - a);
                }
            }
            foreach (var m in Metrics)
            {
                double refValue = Value(refPoint, m), trained = runPoints.Select(x => Value(x, m)).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();
                if (double.IsNaN(refValue) && double.IsNaN(trained)) continue;
                var (refs, runsDrawn, diffs) = samples[m];
                var (rl, rh) = Percentiles(refs);
                var (tl, th) = Percentiles(runsDrawn);
                var (dl, dh) = Percentiles(diffs);
                rows.Add(new IntervalRow(name, m, keys.Count, runs.Count, refPoint.BestConstant, refValue, rl, rh, trained, tl, th, trained - refValue, dl, dh));
            }
        }
        return rows;
    }

    static Dictionary<(string Label, int Id), ItemScore> Index(IReadOnlyList<ItemScore> items, string what)
    {
        var index = new Dictionary<(string, int), ItemScore>();
        foreach (var i in items)
            if (!index.TryAdd((i.Label, i.Id), i)) throw new SelGenException($"gcd intervals: {what} has two items {i.Label} _id {i.Id}");
        return index;
    }

    static List<int> Draw(List<int> ids, Random rng) => [.. Enumerable.Range(0, ids.Count).Select(_ => ids[rng.Next(ids.Count)])];

    static double Value(GcdMetrics m, string name) => m.Values[GcdMetrics.Names.ToList().IndexOf(name)];

    static (double, double) Percentiles(List<double> xs)
    {
        if (xs.Count == 0) return (double.NaN, double.NaN);
        var sorted = xs.Order().ToArray();
        double At(double q) => sorted[Math.Clamp((int)Math.Floor(q * (sorted.Length - 1) + 0.5), 0, sorted.Length - 1)];
        return (At(0.025), At(0.975));
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
