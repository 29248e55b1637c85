using SelGen.Evaluation;
using SelGen.Experiments;

namespace SelGen.Reports;

/// <summary>One method at one knob setting, summarised over its finished seeds.</summary>
public sealed record AggregatePoint(
    string Method,
    string KnobsJson,
    IReadOnlyList<int> Seeds,
    IReadOnlyList<string> RunIds,
    IReadOnlyDictionary<string, Summary> Metrics)
{
    /// <summary>"beta=0.1", or "" for a method without knobs.</summary>
    public string Knobs => RunJob.DescribeKnobs(KnobsJson);

    /// <summary>Mean of a metric, NaN when no seed has it.</summary>
    public double Mean(string metric) => Metrics.TryGetValue(metric, out var s) ? s.Mean : double.NaN;

    /// <summary>Standard error of a metric, NaN when fewer than two seeds have it.</summary>
    public double StandardError(string metric) => Metrics.TryGetValue(metric, out var s) ? s.StandardError : double.NaN;
}
