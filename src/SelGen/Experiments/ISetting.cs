using System.Text.Json.Nodes;
using SelGen.Training;

namespace SelGen.Experiments;

/// <summary>
/// A published setting as the experiment runner sees it: the training data, tokenized for a model's
/// chat format, and the evaluation that turns a trained model into named metrics (raw values; rates as
/// fractions). A setting knows its data and scoring; it knows nothing of methods.
/// </summary>
public interface ISetting
{
    /// <summary>Name used in experiment files ("gcd", "em").</summary>
    string World { get; }

    /// <summary>Task examples and alignment items, rendered with the bundle's chat format.</summary>
    TrainingData TrainingData(ModelBundle bundle);

    /// <summary>
    /// Evaluates the bundle's model as it is now (adapters as set). When <paramref name="outputDir"/> is given,
    /// the model's replies are written there too, so every number can be traced to the text it came from.
    /// </summary>
    IReadOnlyDictionary<string, double> Evaluate(ModelBundle bundle, int seed, string? outputDir = null);

    /// <summary>The replies an <see cref="Evaluate"/> into <paramref name="outputDir"/> wrote there, for the check
    /// that a run did not collapse (every reply empty); none when the setting does not keep them.</summary>
    IReadOnlyList<string> Replies(string outputDir) => [];

    /// <summary>Display labels and scales for the report (metric name -> label with units, scale).</summary>
    IReadOnlyDictionary<string, (string Label, double Scale)> MetricLabels { get; }
}

/// <summary>Settings by world name, each reading its own options from the experiment's "setting" object.</summary>
public static class SettingRegistry
{
    static readonly Dictionary<string, Func<JsonObject, string, ISetting>> Factories = new(StringComparer.Ordinal)
    {
        ["gcd"] = (json, baseDir) => SelGen.Worlds.Gcd.GcdSetting.FromJson(json, baseDir),
        ["em"] = (json, baseDir) => SelGen.Worlds.Em.EmSetting.FromJson(json, baseDir),
        ["em_files"] = (json, baseDir) => SelGen.Worlds.Em.EmFilesSetting.FromJson(json, baseDir),
    };

    public static IReadOnlyCollection<string> Worlds => Factories.Keys;

    /// <param name="baseDir">Folder that relative paths in the options are resolved against.</param>
    public static ISetting Create(JsonObject setting, string baseDir)
    {
        var world = setting["world"]?.GetValue<string>() ?? throw new SelGenException("setting: field 'world' is missing");
        if (!Factories.TryGetValue(world, out var factory))
            throw new SelGenException($"setting: unknown world '{world}'; choose one of: {string.Join(", ", Factories.Keys)}");
        return factory(setting, baseDir);
    }
}
