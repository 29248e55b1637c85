using System.Text.Json;
using System.Text.Json.Nodes;
using SelGen.IO;

namespace SelGen.Evaluation.Items;

/// <summary>
/// One item's contribution to one ratio metric: the metric of a seed is Σ num / Σ den over its items, exactly
/// (a share of answers is hits / answers, a ratio such as "harmful among scored" is hits / scored, a mean score is
/// Σ scores / number scored). An item with den 0 still belongs to the metric (it is drawn like any other).
/// </summary>
public readonly record struct ItemContribution(double Num, double Den);

/// <summary>
/// The per-item record of one evaluation, read from or written to <see cref="FileName"/> next to metrics.json:
/// metric name → item id → contribution. Only ratio metrics belong here (counts such as "answers" do not).
/// </summary>
public sealed class ItemTable
{
    readonly Dictionary<string, Dictionary<string, ItemContribution>> _metrics = new(StringComparer.Ordinal);

    /// <summary>Adds to an item's contribution (several answers of one question add up).</summary>
    public void Add(string metric, string item, double num, double den)
    {
        if (!double.IsFinite(num) || !double.IsFinite(den) || den < 0)
            throw new SelGenException($"item '{item}' of metric '{metric}': num {num} and den {den} must be finite and den >= 0");
        if (!_metrics.TryGetValue(metric, out var items)) _metrics[metric] = items = new(StringComparer.Ordinal);
        var c = items.GetValueOrDefault(item);
        items[item] = new ItemContribution(c.Num + num, c.Den + den);
    }

    public IEnumerable<string> Metrics => _metrics.Keys;

    public bool Has(string metric) => _metrics.ContainsKey(metric);

    /// <summary>The metric's items (empty when the metric is absent).</summary>
    public IReadOnlyDictionary<string, ItemContribution> Items(string metric) =>
        _metrics.TryGetValue(metric, out var items) ? items : new Dictionary<string, ItemContribution>();

    /// <summary>Σ num / Σ den over every item: the metric as the evaluation reported it (NaN when Σ den = 0).</summary>
    public double Value(string metric)
    {
        double num = 0, den = 0;
        foreach (var c in Items(metric).Values) { num += c.Num; den += c.Den; }
        return den == 0 ? double.NaN : num / den;
    }
}

/// <summary>
/// <c>items.jsonl</c>: one JSON object per line, <c>{"metric": "general.aligned", "item": "finance-q3", "num": 2, "den": 5}</c>,
/// one line per (metric, item), lines ordered by metric then item. See docs/reports.md, "Intervals over items and seeds".
/// </summary>
public static class ItemsFile
{
    public const string FileName = "items.jsonl";

    public static void Write(string path, ItemTable table)
    {
        var lines = table.Metrics.Order(StringComparer.Ordinal).SelectMany(m =>
            table.Items(m).OrderBy(i => i.Key, StringComparer.Ordinal).Select(i =>
                new JsonObject { ["metric"] = m, ["item"] = i.Key, ["num"] = i.Value.Num, ["den"] = i.Value.Den }.ToJsonString() + "\n"));
        AtomicFile.WriteAllText(path, string.Concat(lines));
    }

    /// <summary>The table of a run folder's items file, or null when the folder has none.</summary>
    public static ItemTable? ReadFolder(string dir)
    {
        var path = Path.Combine(dir, FileName);
        return File.Exists(path) ? Read(path) : null;
    }

    public static ItemTable Read(string path)
    {
        var table = new ItemTable();
        int n = 0;
        foreach (var line in File.ReadLines(path))
        {
            n++;
            if (line.Length == 0) continue;
            JsonObject node;
            try
            {
                node = JsonNode.Parse(line) as JsonObject ?? throw new SelGenException($"{path}:{n}: not a JSON object");
            }
            catch (JsonException e)
            {
                throw new SelGenException($"{path}:{n}: not JSON ({e.Message}); each line is {{\"metric\", \"item\", \"num\", \"den\"}}", e);
            }
            foreach (var key in node.Select(p => p.Key))
                if (key is not ("metric" or "item" or "num" or "den"))
                    throw new SelGenException($"{path}:{n}: unknown field '{key}'; a line has only metric, item, num and den");
            string Text(string f) => node[f] is JsonValue v && v.TryGetValue<string>(out var s) ? s
                : throw new SelGenException($"{path}:{n}: field '{f}' must be a string");
            double Number(string f) => node[f] is JsonValue v && v.TryGetValue<double>(out var x) ? x
                : throw new SelGenException($"{path}:{n}: field '{f}' must be a number");
            try
            {
                table.Add(Text("metric"), Text("item"), Number("num"), Number("den"));
            }
            catch (SelGenException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
            {
                throw new SelGenException($"{path}:{n}: {e.Message}", e);
            }
        }
        return table;
    }
}
