using System.Text.Json;
using SelGen.IO;

namespace SelGen.Reports;

/// <summary>
/// A run's training log: JSON Lines in the run folder, one object per logged optimizer step, e.g.
/// <c>{"step": 10, "loss": 2.31, "kl": 0.04, "lr": 9.5e-5}</c>.
/// <list type="bullet">
/// <item><c>step</c> (required): whole number ≥ 0, the optimizer step the values belong to.</item>
/// <item><c>loss</c> (required): number, the total training loss of that step (task loss plus any penalty).</item>
/// <item>any other field: a number is a curve that report.json may name in <c>curve_fields</c>;
/// values of other types (strings, null, objects) are allowed and ignored.</item>
/// </list>
/// </summary>
public sealed class TrainingLog
{
    readonly Dictionary<string, List<(double Step, double Value)>> _series;

    TrainingLog(Dictionary<string, List<(double, double)>> series) => _series = series;

    public static TrainingLog Read(string path)
    {
        var series = new Dictionary<string, List<(double, double)>>(StringComparer.Ordinal);
        foreach (var (line, record) in Jsonl.Read<JsonElement>(path))
        {
            if (record.ValueKind != JsonValueKind.Object)
                throw new SelGenException($"{path}:{line}: expected a JSON object like {{\"step\": 1, \"loss\": 2.3}}");
            long step = Required(record, "step", path, line, e => e.TryGetInt64(out var s) && s >= 0, "a whole number >= 0").GetInt64();
            Required(record, "loss", path, line, _ => true, "a number");
            foreach (var field in record.EnumerateObject())
            {
                if (field.Name == "step" || field.Value.ValueKind != JsonValueKind.Number) continue;
                if (!series.TryGetValue(field.Name, out var list)) series[field.Name] = list = [];
                list.Add((step, field.Value.GetDouble()));
            }
        }
        return new TrainingLog(series);
    }

    static JsonElement Required(JsonElement record, string name, string path, int line, Func<JsonElement, bool> ok, string what)
    {
        if (!record.TryGetProperty(name, out var v))
            throw new SelGenException($"{path}:{line}: required field '{name}' is missing; every line needs \"step\" and \"loss\"");
        if (v.ValueKind != JsonValueKind.Number || !ok(v))
            throw new SelGenException($"{path}:{line}: field '{name}' must be {what}, not {v.GetRawText()}");
        return v;
    }

    /// <summary>Numeric fields present in the log (always includes "loss" once a line was read).</summary>
    public IReadOnlyCollection<string> Fields => _series.Keys;

    /// <summary>The field's values by step, in log order; empty when the field never appears.</summary>
    public (double[] Steps, double[] Values) Series(string field) =>
        _series.TryGetValue(field, out var list)
            ? (list.Select(p => p.Step).ToArray(), list.Select(p => p.Value).ToArray())
            : ([], []);
}
