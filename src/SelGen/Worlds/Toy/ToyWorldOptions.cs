using System.Text.Json.Serialization;

namespace SelGen.Worlds.Toy;

/// <summary>
/// How a toy world is drawn. Defaults follow the study's protocol (SETTINGS.md, Setting 3): 10 training
/// triggers per category (the study used 10-12), the narrow update on 10 positive-emotion triggers (9-10),
/// 20 points per trigger, proxies of 1 or 5 triggers.
/// </summary>
public sealed record ToyWorldOptions
{
    /// <summary>Seeds the trigger split, the narrow and proxy choices, the points and the templates.</summary>
    [JsonPropertyName("seed")] public int Seed { get; init; } = 1;
    /// <summary>Triggers per category learned in phase 1; the other 15 - n are held out and evaluated.</summary>
    [JsonPropertyName("train_triggers_per_category")] public int TrainTriggersPerCategory { get; init; } = 10;
    /// <summary>Positive-emotion training triggers that the narrow update (phase 2) retrains.</summary>
    [JsonPropertyName("narrow_triggers")] public int NarrowTriggers { get; init; } = 10;
    /// <summary>Points per trigger in every training set (phase 1, the narrow update, proxies).</summary>
    [JsonPropertyName("points_per_trigger")] public int PointsPerTrigger { get; init; } = 20;
    /// <summary>Points per trigger in every test and evaluation set.</summary>
    [JsonPropertyName("eval_points_per_trigger")] public int EvalPointsPerTrigger { get; init; } = 20;
    /// <summary>Proxy sizes (triggers from the one augmented category) for phase 3.</summary>
    [JsonPropertyName("proxy_sizes")] public IReadOnlyList<int> ProxySizes { get; init; } = [1, 5];
    /// <summary>Points with |x2| below this are never drawn, so the sign that decides F is unambiguous.</summary>
    [JsonPropertyName("boundary_margin")] public double BoundaryMargin { get; init; } = 0.05;

    [JsonIgnore] public int HeldOutTriggersPerCategory => Triggers.PerCategory - TrainTriggersPerCategory;

    public ToyWorldOptions Validate(string source = "toy world")
    {
        void Require(bool ok, string field, string why)
        {
            if (!ok) throw new SelGenException($"{source}: field '{field}' {why}");
        }
        Require(TrainTriggersPerCategory is >= 1 and < Triggers.PerCategory, "train_triggers_per_category",
            $"must be 1..{Triggers.PerCategory - 1} so that some triggers stay held out for evaluation (the study used 10-12); it is {TrainTriggersPerCategory}");
        Require(NarrowTriggers >= 1 && NarrowTriggers <= TrainTriggersPerCategory, "narrow_triggers",
            $"must be 1..train_triggers_per_category ({TrainTriggersPerCategory}): the update retrains learned positive emotions (the study used 9-10); it is {NarrowTriggers}");
        Require(PointsPerTrigger >= 1, "points_per_trigger", $"must be at least 1 (the study used 20); it is {PointsPerTrigger}");
        Require(EvalPointsPerTrigger >= 1, "eval_points_per_trigger", $"must be at least 1; it is {EvalPointsPerTrigger}");
        Require(ProxySizes is { Count: > 0 }, "proxy_sizes", "must list at least one size (the study used [1, 5])");
        Require(ProxySizes.Distinct().Count() == ProxySizes.Count, "proxy_sizes", $"lists a size twice: [{string.Join(", ", ProxySizes)}]");
        foreach (var size in ProxySizes)
            Require(size >= 1 && size <= TrainTriggersPerCategory, "proxy_sizes",
                $"has {size}; each size must be 1..train_triggers_per_category ({TrainTriggersPerCategory}), as proxies are drawn from a category's training triggers");
        Require(BoundaryMargin is > 0 and < 1, "boundary_margin", $"must be in (0, 1) (the default 0.05 keeps the sign of x2 readable); it is {BoundaryMargin}");
        return this;
    }
}
