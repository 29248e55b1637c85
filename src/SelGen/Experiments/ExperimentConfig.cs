using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SelGen.IO;
using SelGen.Methods;
using SelGen.Training;

namespace SelGen.Experiments;

/// <summary>
/// An experiment: a setting with its data, a base model, the shared training settings, and a grid of
/// methods × knob values × seeds. Read strictly: unknown keys and bad values are errors naming the field.
/// Paths are relative to the experiment file's folder.
/// </summary>
public sealed record ExperimentConfig
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    /// <summary>The setting and its options, e.g. {"world": "gcd", ...}; read by the setting itself.</summary>
    [JsonPropertyName("setting")] public required JsonObject Setting { get; init; }
    /// <summary>A Hugging Face model folder (config.json, model.safetensors, tokenizer.json).</summary>
    [JsonPropertyName("base_model")] public required string BaseModel { get; init; }
    [JsonPropertyName("training")] public TrainingConfig Training { get; init; } = new();
    [JsonPropertyName("methods")] public required IReadOnlyList<MethodGrid> Methods { get; init; }
    /// <summary>The study's seeds by default.</summary>
    [JsonPropertyName("seeds")] public IReadOnlyList<int> Seeds { get; init; } = [1, 5, 42];
    /// <summary>Which metric plays each axis of the Pareto plot.</summary>
    [JsonPropertyName("axes")] public required ParetoAxes Axes { get; init; }
    /// <summary>Evaluate the untrained base model too (once, into the sweep's base/ folder), for the plots' reference point.</summary>
    [JsonPropertyName("evaluate_base")] public bool EvaluateBase { get; init; } = true;

    public static ExperimentConfig Load(string path)
    {
        var config = StrictJson.Load<ExperimentConfig>(path);
        config.Validate(path);
        return config;
    }

    public ExperimentConfig Validate(string source)
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new SelGenException($"{source}: field 'name' is empty");
        if (Setting["world"] is not JsonValue) throw new SelGenException($"{source}: field 'setting.world' is missing; name the setting, e.g. \"gcd\"");
        if (Methods.Count == 0) throw new SelGenException($"{source}: field 'methods' is empty; list at least one method");
        if (Seeds.Count == 0) throw new SelGenException($"{source}: field 'seeds' is empty");
        if (Seeds.Distinct().Count() != Seeds.Count) throw new SelGenException($"{source}: field 'seeds' repeats a seed");
        if (Methods.Count(m => m.Name == "task_only") != 1)
            throw new SelGenException($"{source}: field 'methods' must list \"task_only\" exactly once: it is the reference point of the Pareto plot and of every hypervolume");
        Training.Validate($"{source}: field 'training'");
        for (int i = 0; i < Methods.Count; i++) Methods[i].Validate($"{source}: methods[{i}]");
        return this;
    }

    /// <summary>Every run of the grid: each method at each knob setting, for each seed.</summary>
    public IReadOnlyList<RunJob> Jobs()
    {
        var jobs = new List<RunJob>();
        foreach (var method in Methods)
            foreach (var knobs in method.Expand())
                foreach (var seed in Seeds)
                    jobs.Add(new RunJob(method.Name, knobs, seed));
        return jobs;
    }
}

/// <summary>A method and its knobs: fixed values, and a grid of values whose Cartesian product is swept.</summary>
public sealed record MethodGrid
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("fixed")] public JsonObject? Fixed { get; init; }
    [JsonPropertyName("grid")] public IReadOnlyDictionary<string, JsonArray>? Grid { get; init; }

    public MethodGrid Validate(string source)
    {
        if (Grid is not null)
            foreach (var (knob, values) in Grid)
            {
                if (values.Count == 0) throw new SelGenException($"{source}: field 'grid.{knob}' is empty; give at least one value");
                if (Fixed?.ContainsKey(knob) == true) throw new SelGenException($"{source}: knob '{knob}' is both fixed and swept");
            }
        // Build every combination once now, so that a bad knob fails at load and not hours into a sweep.
        foreach (var knobs in Expand())
        {
            try { MethodRegistry.Create(Name, knobs); }
            catch (SelGenException e) { throw new SelGenException($"{source}: {e.Message}", e); }
        }
        return this;
    }

    /// <summary>The knob objects of the grid (one empty object when nothing is swept).</summary>
    public IEnumerable<JsonObject> Expand()
    {
        IEnumerable<JsonObject> combos = [Copy(Fixed)];
        foreach (var (knob, values) in (Grid ?? new Dictionary<string, JsonArray>()).OrderBy(g => g.Key, StringComparer.Ordinal))
            combos = combos.SelectMany(c => values.Select(v => { var o = Copy(c); o[knob] = v?.DeepClone(); return o; })).ToList();
        return combos;
    }

    static JsonObject Copy(JsonObject? o) => o is null ? [] : (JsonObject)o.DeepClone();
}

/// <summary>The metrics on each axis of the Pareto plot, with axis labels (units included).</summary>
public sealed record ParetoAxes
{
    [JsonPropertyName("x")] public required AxisMetric X { get; init; }
    [JsonPropertyName("y")] public required AxisMetric Y { get; init; }
}

public sealed record AxisMetric
{
    [JsonPropertyName("metric")] public required string Metric { get; init; }
    [JsonPropertyName("label")] public required string Label { get; init; }
}
