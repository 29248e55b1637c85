using System.Text.Json.Serialization;

namespace SelGen.Engine.Lora;

/// <summary>
/// A LoRA adapter's settings, with PEFT's adapter_config.json field names.
/// Defaults are the study's: r 32, alpha 64, rsLoRA (scale alpha/√r), no dropout, all seven projections.
/// </summary>
public sealed record LoraConfig
{
    public static readonly IReadOnlyList<string> DefaultTargets = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"];

    [JsonPropertyName("r")] public int R { get; init; } = 32;
    [JsonPropertyName("lora_alpha")] public double Alpha { get; init; } = 64;
    [JsonPropertyName("use_rslora")] public bool UseRsLora { get; init; } = true;
    [JsonPropertyName("lora_dropout")] public double Dropout { get; init; }
    [JsonPropertyName("target_modules")] public IReadOnlyList<string> TargetModules { get; init; } = DefaultTargets;

    /// <summary>alpha/r, or alpha/√r with rsLoRA (Kalajdzievski 2023), which keeps updates stable as r grows.</summary>
    [JsonIgnore] public double Scale => UseRsLora ? Alpha / Math.Sqrt(R) : Alpha / R;

    public LoraConfig Validate(string source = "lora")
    {
        if (R <= 0) throw new SelGenException($"{source}: field 'r' must be a positive integer; it is {R}");
        if (!(Alpha > 0)) throw new SelGenException($"{source}: field 'lora_alpha' must be positive; it is {Alpha}");
        if (Dropout is < 0 or >= 1) throw new SelGenException($"{source}: field 'lora_dropout' must be in [0, 1); it is {Dropout}");
        if (TargetModules.Count == 0) throw new SelGenException($"{source}: field 'target_modules' is empty; name at least one module, e.g. \"q_proj\"");
        return this;
    }
}

/// <summary>Where adapter parameters live in the model's names.</summary>
public static class LoraNames
{
    public static bool IsAdapterParameter(string name) =>
        name.Contains(".lora_A.", StringComparison.Ordinal) || name.Contains(".lora_B.", StringComparison.Ordinal);

    /// <summary>PEFT's shorthand for every linear layer except the output head.</summary>
    public const string AllLinear = "all-linear";

    /// <summary>
    /// True when the module name ends in one of the targets (PEFT's suffix match on whole name parts);
    /// <see cref="AllLinear"/> matches every linear module but lm_head, as in PEFT.
    /// </summary>
    public static bool Targets(string moduleName, IEnumerable<string> targets) =>
        targets.Any(t => t == AllLinear ? moduleName != "lm_head" : moduleName == t || moduleName.EndsWith("." + t, StringComparison.Ordinal));
}
