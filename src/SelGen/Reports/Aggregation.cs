using System.Text.Json;
using SelGen.Evaluation;
using SelGen.Experiments;

namespace SelGen.Reports;

/// <summary>Groups finished runs by (method, knobs) across seeds and summarises every metric with <see cref="Summary.Of"/>.</summary>
public static class Aggregation
{
    /// <summary>
    /// One point per (method, knobs) that has at least one done run. Methods keep their registration
    /// order; within a method, knob settings are sorted by value (numbers numerically, key by key), so a
    /// curve follows its knob. Runs that are not done are left out.
    /// </summary>
    public static IReadOnlyList<AggregatePoint> Group(IEnumerable<RunRecord> runs)
    {
        var done = runs.Where(r => r.State == RunState.Done).ToList();
        var methodOrder = done.Select(r => r.Method).Distinct().ToList();
        return done
            .GroupBy(r => (r.Method, r.KnobsJson))
            .OrderBy(g => methodOrder.IndexOf(g.Key.Method))
            .ThenBy(g => g.Key.KnobsJson, KnobComparer.Instance)
            .Select(Summarise)
            .ToList();
    }

    static AggregatePoint Summarise(IGrouping<(string Method, string KnobsJson), RunRecord> g)
    {
        var runs = g.OrderBy(r => r.Seed).ToList();
        var names = runs.SelectMany(r => r.Metrics.Keys).Distinct().Order(StringComparer.Ordinal);
        var metrics = names.ToDictionary(n => n, n => Summary.Of(runs.Where(r => r.Metrics.ContainsKey(n)).Select(r => r.Metrics[n])));
        return new AggregatePoint(g.Key.Method, g.Key.KnobsJson, runs.Select(r => r.Seed).ToList(), runs.Select(r => r.Id).ToList(), metrics);
    }

    /// <summary>Orders canonical knob objects by their values key by key: numbers by size, then anything else by its text.</summary>
    sealed class KnobComparer : IComparer<string>
    {
        public static readonly KnobComparer Instance = new();

        public int Compare(string? a, string? b)
        {
            using var da = JsonDocument.Parse(a ?? "{}");
            using var db = JsonDocument.Parse(b ?? "{}");
            var pa = da.RootElement.EnumerateObject().ToList();
            var pb = db.RootElement.EnumerateObject().ToList();
            for (int i = 0; i < Math.Min(pa.Count, pb.Count); i++)
            {
                int byName = string.CompareOrdinal(pa[i].Name, pb[i].Name);
                if (byName != 0) return byName;
                var (va, vb) = (pa[i].Value, pb[i].Value);
                int c = va.ValueKind == JsonValueKind.Number && vb.ValueKind == JsonValueKind.Number
                    ? va.GetDouble().CompareTo(vb.GetDouble())
                    : string.CompareOrdinal(va.GetRawText(), vb.GetRawText());
                if (c != 0) return c;
            }
            return pa.Count.CompareTo(pb.Count);
        }
    }
}
