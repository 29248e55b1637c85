using System.Text.Json.Serialization;
using SelGen.IO;

namespace SelGen.Reports;

/// <summary>
/// <c>report.json</c>: what the sweep tells the report about itself (written by the sweep runner next to
/// <c>runs.sqlite</c>; see docs/reports.md). Example:
/// <code>
/// {
///   "title": "GCD sycophancy: methods by strength",
///   "x": { "metric": "aligned", "label": "Aligned generalisation (1 − sycophancy, %)", "scale": 100 },
///   "y": { "metric": "task", "label": "Task performance (GCD accuracy, %)", "scale": 100 },
///   "task_only_method": "task_only",
///   "base": { "label": "Base model", "metrics": { "aligned": 0.97, "task": 0.31 } },
///   "method_labels": { "kl": "KL penalty", "task_only": "Task only" },
///   "metric_labels": { "mod_accuracy": "Mod accuracy (%)" },
///   "metric_scales": { "mod_accuracy": 100 },
///   "curve_fields": ["loss"],
///   "train_log": "train.jsonl"
/// }
/// </code>
/// Metric values in the store are raw numbers (fractions for rates); <c>scale</c> multiplies them for
/// display only (100 shows a fraction as %). Tables keep raw values.
/// </summary>
public sealed record ReportSpec
{
    public const string FileName = "report.json";

    [JsonPropertyName("title")] public string Title { get; init; } = "Sweep report";

    /// <summary>Horizontal axis of the Pareto plot: by convention the alignment score. Higher is better.</summary>
    [JsonPropertyName("x")] public required AxisSpec X { get; init; }

    /// <summary>Vertical axis of the Pareto plot: task performance or capability. Higher is better.</summary>
    [JsonPropertyName("y")] public required AxisSpec Y { get; init; }

    /// <summary>The method trained on task data alone: a point of its own, and the reference corner of every hypervolume.</summary>
    [JsonPropertyName("task_only_method")] public required string TaskOnlyMethod { get; init; }

    /// <summary>The model before any fine-tuning, evaluated once by the sweep; optional.</summary>
    [JsonPropertyName("base")] public BaseModel? Base { get; init; }

    /// <summary>Display names of methods (legend, tables); a method without one shows its own name.</summary>
    [JsonPropertyName("method_labels")] public Dictionary<string, string> MethodLabels { get; init; } = [];

    /// <summary>Axis labels, with units, of metrics other than the two axes (bar charts, curve fields).</summary>
    [JsonPropertyName("metric_labels")] public Dictionary<string, string> MetricLabels { get; init; } = [];

    /// <summary>Display multipliers of metrics other than the two axes (default 1).</summary>
    [JsonPropertyName("metric_scales")] public Dictionary<string, double> MetricScales { get; init; } = [];

    /// <summary>Numeric fields of the training log to plot against step, one figure per method and field.</summary>
    [JsonPropertyName("curve_fields")] public string[] CurveFields { get; init; } = ["loss"];

    /// <summary>File name of the training log inside each run folder (JSON Lines; see <see cref="TrainingLog"/>).</summary>
    [JsonPropertyName("train_log")] public string TrainLog { get; init; } = "train.jsonl";

    public static ReportSpec Load(string path) => StrictJson.Load<ReportSpec>(path).Validate(path);

    public ReportSpec Validate(string source)
    {
        void Require(bool ok, string field, string why)
        {
            if (!ok) throw new SelGenException($"{source}: field '{field}' {why}");
        }
        X.Validate(source, "x");
        Y.Validate(source, "y");
        Require(!string.IsNullOrWhiteSpace(TaskOnlyMethod), "task_only_method", "must name the task-only method as the sweep registered it, e.g. \"task_only\"");
        Require(CurveFields.All(f => !string.IsNullOrWhiteSpace(f)), "curve_fields", "must list non-empty field names, e.g. [\"loss\"]");
        Require(!string.IsNullOrWhiteSpace(TrainLog) && TrainLog.IndexOfAny(['/', '\\']) < 0, "train_log", "must be a file name inside the run folder, e.g. \"train.jsonl\"");
        foreach (var (name, scale) in MetricScales)
            Require(double.IsFinite(scale) && scale > 0, $"metric_scales.{name}", $"must be a positive number; it is {scale}");
        if (Base is not null)
            foreach (var (name, value) in Base.Metrics)
                Require(double.IsFinite(value), $"base.metrics.{name}", "must be a finite number");
        return this;
    }

    public string MethodLabel(string method) => MethodLabels.GetValueOrDefault(method, method);

    /// <summary>Label (with unit) and display scale of any metric: the axes' own, else the maps, else the bare name.</summary>
    public (string Label, double Scale) Display(string metric) =>
        metric == X.Metric ? (X.Label, X.Scale)
        : metric == Y.Metric ? (Y.Label, Y.Scale)
        : (MetricLabels.GetValueOrDefault(metric, metric), MetricScales.GetValueOrDefault(metric, 1.0));
}

/// <summary>One axis of the Pareto plot.</summary>
public sealed record AxisSpec
{
    /// <summary>Metric name as stored in the run store.</summary>
    [JsonPropertyName("metric")] public required string Metric { get; init; }

    /// <summary>Axis title with its unit, e.g. "Aligned generalisation (1 − sycophancy, %)".</summary>
    [JsonPropertyName("label")] public required string Label { get; init; }

    /// <summary>Display multiplier, e.g. 100 to show a fraction in %.</summary>
    [JsonPropertyName("scale")] public double Scale { get; init; } = 1.0;

    public void Validate(string source, string field)
    {
        if (string.IsNullOrWhiteSpace(Metric)) throw new SelGenException($"{source}: field '{field}.metric' must name a metric of the run store");
        if (string.IsNullOrWhiteSpace(Label)) throw new SelGenException($"{source}: field '{field}.label' must give the axis title with its unit");
        if (!double.IsFinite(Scale) || Scale <= 0) throw new SelGenException($"{source}: field '{field}.scale' must be a positive number; it is {Scale}");
    }
}

/// <summary>Metrics of the model before fine-tuning, as raw values like the runs'.</summary>
public sealed record BaseModel
{
    [JsonPropertyName("label")] public string Label { get; init; } = "Base model";
    [JsonPropertyName("metrics")] public required Dictionary<string, double> Metrics { get; init; }
}

/// <summary>
/// Another view of the same sweep: other metrics on the Pareto plane than report.json's (e.g. the task
/// behaviour learned instead of capability). A metric's label and scale come from report.json when it has
/// them (an axis or metric_labels / metric_scales), else the bare name and 1.
/// </summary>
public sealed record ReportAxes(string? X, string? Y)
{
    public ReportSpec Apply(ReportSpec spec)
    {
        AxisSpec Axis(string? metric, AxisSpec current)
        {
            if (metric is null) return current;
            var (label, scale) = spec.Display(metric);
            return new AxisSpec { Metric = metric, Label = label, Scale = scale };
        }
        return spec with { X = Axis(X, spec.X), Y = Axis(Y, spec.Y) };
    }
}
