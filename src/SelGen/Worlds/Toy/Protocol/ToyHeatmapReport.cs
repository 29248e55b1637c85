using System.Globalization;
using System.Text;
using SelGen.Experiments;
using SelGen.IO;
using SelGen.Reports;
using SelGen.Worlds.Toy.Scoring;

namespace SelGen.Worlds.Toy.Protocol;

/// <summary>
/// Turns finished cells into the study's heat maps (CSV, long CSV with spread, PNG/SVG), the semantic
/// distances of the pretrained model, and recovery (phase-3 accuracy minus phase-2 accuracy, seed means)
/// against the distance between the augmented and the evaluated category.
/// </summary>
public static class ToyHeatmapReport
{
    /// <summary>Rows in display order: the phase-1 reference, the narrow update alone, then each proxy category.</summary>
    public static IReadOnlyList<string> RowOrder => [ToyHeatmap.BaseRow, HeatMap.NarrowOnlyRow, .. ToyCategories.ProxyCandidates.Select(c => c.Key())];

    /// <summary>The heat map of one proxy size from the cells that exist for the given seeds (missing cells are skipped).</summary>
    public static HeatMap Load(string outDir, int size, IReadOnlyList<int> seeds)
    {
        var map = new HeatMap();
        foreach (var row in RowOrder)
            foreach (var seed in seeds)
            {
                bool shared = row is ToyHeatmap.BaseRow or HeatMap.NarrowOnlyRow;
                var path = ToyHeatmap.CellPath(outDir, row, shared ? null : size, seed);
                if (File.Exists(path)) map.Add(row, seed, StrictJson.Load<ToyCellResult>(path).EvaluationAccuracy());
            }
        return map;
    }

    public static string RowLabel(string row) => row switch
    {
        ToyHeatmap.BaseRow => "base (phase 1)",
        HeatMap.NarrowOnlyRow => "no proxy (phase 2)",
        _ => row.Replace('_', ' '),
    };

    public static void Write(ToyHeatmapRequest request, ToyProtocolOptions options)
    {
        var similarity = Similarities(request, options);
        WriteCellTable(request, Path.Combine(request.OutDir, "cells.csv"));
        foreach (var size in request.ProxySizes)
        {
            var dir = Path.Combine(request.OutDir, $"triggers-{size}");
            var map = Load(request.OutDir, size, request.Seeds);
            map.WriteCsv(Path.Combine(dir, "heatmap.csv"));
            map.WriteLongCsv(Path.Combine(dir, "heatmap_long.csv"));
            var rows = map.Rows;
            var values = new double[rows.Count, HeatMap.Columns.Count];
            for (int r = 0; r < rows.Count; r++)
                for (int c = 0; c < HeatMap.Columns.Count; c++) values[r, c] = map.Cell(rows[r], HeatMap.Columns[c]).Mean;
            MatrixFigure.Draw(values, rows.Select(RowLabel).ToList(), HeatMap.Columns.Select(c => c.Key().Replace('_', '\n')).ToList(),
                $"Accuracy on unseen triggers, {size} proxy trigger{(size == 1 ? "" : "s")} ({SeedText(map)})",
                "augmented category", "evaluated category (held-out triggers)", "accuracy", dir, "heatmap",
                $"Rows: the category whose {size} trigger(s) x 20 points were added to the narrow update; columns: accuracy on held-out triggers under the updated F.");
            WriteRecovery(map, similarity, size, dir);
        }
    }

    /// <summary>Category similarities of the pretrained model at every probe context and at the middle and final layers; returns the designated one.</summary>
    static CategorySimilarity Similarities(ToyHeatmapRequest request, ToyProtocolOptions options)
    {
        using var bundle = ModelFolder.Load(request.ModelDir);
        int layers = bundle.Model.Config.NumHiddenLayers;
        int chosen = options.ProbeLayer ?? layers / 2;
        var dir = Path.Combine(request.OutDir, "similarity");
        CategorySimilarity? designated = null;
        foreach (var context in Enum.GetValues<ProbeContext>())
            foreach (var layer in new[] { layers / 2, layers, chosen }.Distinct())
            {
                var s = HiddenStateProbe.Similarity(bundle.Model, bundle.Tokenizer, context, layer);
                AtomicFile.WriteAllText(Path.Combine(dir, $"{context.ToString().ToLowerInvariant()}-layer{layer}.csv"), s.ToCsv());
                if (context == options.ProbeContext && layer == chosen) designated = s;
            }
        AtomicFile.WriteAllText(Path.Combine(request.OutDir, "similarity.csv"), designated!.ToCsv());
        MatrixFigure.Draw(designated.Cosine, designated.Categories.Select(c => c.Key().Replace('_', ' ')).ToList(),
            designated.Categories.Select(c => c.Key().Replace('_', '\n')).ToList(),
            $"Category similarity in the pretrained model ({options.ProbeContext.ToString().ToLowerInvariant()}, layer {chosen} of {layers})",
            "category", "category", "cosine of centred category means", request.OutDir, "similarity",
            "Cosine between category-mean hidden states (centred), read at the last token of each trigger.", min: -1, max: 1);
        return designated;
    }

    /// <summary>
    /// Recovery of each evaluated category c (every one but positive emotions) by each proxy category a:
    /// mean accuracy of row a minus that of the no-proxy row, against the distance 1 - cos(a, c).
    /// The diagonal (c = a, distance 0) is the proxy category's own held-out triggers.
    /// </summary>
    static void WriteRecovery(HeatMap map, CategorySimilarity similarity, int size, string dir)
    {
        if (!map.Rows.Contains(HeatMap.NarrowOnlyRow)) return;
        var csv = new StringBuilder("augmented,evaluated,distance,recovery,augmented_accuracy,no_proxy_accuracy\n");
        var series = new List<ScatterSeries>();
        int colour = 0;
        foreach (var a in ToyCategories.ProxyCandidates)
        {
            if (!map.Rows.Contains(a.Key())) { colour++; continue; }
            var others = new List<(double, double)>();
            var self = new List<(double, double)>();
            foreach (var c in ToyCategories.ProxyCandidates)
            {
                double after = map.Cell(a.Key(), c).Mean, before = map.Cell(HeatMap.NarrowOnlyRow, c).Mean;
                double distance = 1 - similarity[a, c], recovery = after - before;
                csv.Append(CultureInfo.InvariantCulture, $"{a.Key()},{c.Key()},{Num(distance)},{Num(recovery)},{Num(after)},{Num(before)}\n");
                (c == a ? self : others).Add((distance, recovery));
            }
            series.Add(new ScatterSeries($"{a.Key().Replace('_', ' ')} proxy", others, colour));
            series.Add(new ScatterSeries(null, self, colour, Hollow: true));
            colour++;
        }
        if (series.Count == 0) return;
        AtomicFile.WriteAllText(Path.Combine(dir, "recovery.csv"), csv.ToString());
        ScatterFigure.Draw(series, $"Recovery vs. distance, {size} proxy trigger{(size == 1 ? "" : "s")} (open circles: own category)",
            "semantic distance to the augmented category (1 - cosine, pretrained model)", "recovery (accuracy minus no-proxy accuracy)", dir, "recovery",
            "Each point: an augmented category (colour) and an evaluated category other than positive emotions; open circles at distance 0: the augmented category's own held-out triggers.",
            new ScottPlot.Range(-0.05, 2.05), new ScottPlot.Range(-1.05, 1.05));
    }

    /// <summary>
    /// Every finished cell of the request on one line: what it trained (steps, final loss, wall time), the
    /// phase-1 checks of the base rows, and for phase-3 rows the accuracy on the proxy's own triggers at new
    /// points (whether the update fitted its proxy at all).
    /// </summary>
    static void WriteCellTable(ToyHeatmapRequest request, string path)
    {
        var csv = new StringBuilder("triggers,row,seed,optimizer_steps,final_loss,wall_seconds,threads,evaluation_overall,proxy_triggers,check,check_overall,")
            .AppendJoin(',', ToyCategories.All.Select(c => "check_" + c.Key())).Append('\n');
        var sizes = request.ProxySizes.Select(k => (int?)k).Prepend(null);
        foreach (var size in sizes)
            foreach (var row in size is null ? [ToyHeatmap.BaseRow, HeatMap.NarrowOnlyRow] : ToyCategories.ProxyCandidates.Select(c => c.Key()))
                foreach (var seed in request.Seeds)
                {
                    var file = ToyHeatmap.CellPath(request.OutDir, row, size, seed);
                    if (!File.Exists(file)) continue;
                    var cell = StrictJson.Load<ToyCellResult>(file);
                    static double Overall(IReadOnlyDictionary<string, CategoryCount> counts) =>
                        (double)counts.Values.Sum(c => c.Correct) / Math.Max(1, counts.Values.Sum(c => c.Total));
                    var checks = cell.Checks.Count == 0 ? [("", new Dictionary<string, CategoryCount>())] : cell.Checks.Select(kv => (kv.Key, kv.Value));
                    foreach (var (check, counts) in checks)
                        csv.Append(CultureInfo.InvariantCulture,
                            $"{size?.ToString(CultureInfo.InvariantCulture) ?? ""},{row},{seed},{cell.OptimizerSteps},{Num(cell.FinalLoss ?? double.NaN)},{Num(cell.WallSeconds)},{cell.Threads},")
                            .Append(CultureInfo.InvariantCulture, $"{Num(Overall(cell.Evaluation))},{string.Join(';', cell.ProxyTriggers)},{check},{(counts.Count == 0 ? "" : Num(Overall(counts)))},")
                            .AppendJoin(',', ToyCategories.All.Select(c => counts.TryGetValue(c.Key(), out var n) ? Num(n.Accuracy) : "")).Append('\n');
                }
        AtomicFile.WriteAllText(path, csv.ToString());
    }

    /// <summary>"mean over 4 seeds", or "mean over 2-4 seeds" while some cells have fewer.</summary>
    static string SeedText(HeatMap map)
    {
        var counts = map.Rows.Select(r => map.Seeds(r).Count).ToList();
        if (counts.Count == 0) return "no cells";
        int lo = counts.Min(), hi = counts.Max();
        return $"mean over {(lo == hi ? lo.ToString(CultureInfo.InvariantCulture) : $"{lo}-{hi}")} seed{(hi == 1 ? "" : "s")}";
    }

    static string Num(double v) => double.IsFinite(v) ? v.ToString("0.####", CultureInfo.InvariantCulture) : "";
}
