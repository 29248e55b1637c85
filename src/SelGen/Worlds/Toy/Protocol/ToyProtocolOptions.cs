using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SelGen.Methods;
using SelGen.Training;
using SelGen.Worlds.Toy.Scoring;

namespace SelGen.Worlds.Toy.Protocol;

/// <summary>
/// How the toy protocol trains and scores, for every seed of a heat map. Full fine-tuning in every phase
/// (docs/worlds/toy.md says why); phase 1 learns base F, phases 2 and 3 share one update configuration so
/// that a heat-map row differs from the "none" row only by its proxy data.
/// </summary>
public sealed record ToyProtocolOptions
{
    /// <summary>The world of each seed; its "seed" is replaced by the heat map's seed.</summary>
    [JsonPropertyName("world")] public ToyWorldOptions World { get; init; } = new();

    /// <summary>Phase 1: learn base F on the training triggers of every category.</summary>
    [JsonPropertyName("phase1")] public TrainingConfig Phase1 { get; init; } = new()
    {
        Epochs = 12, LearningRate = 1e-3, BatchSize = 32, WarmupSteps = 10, Schedule = LrSchedule.Cosine,
        WeightDecay = 0.01, MaxGradNorm = 1.0, Lora = null, Seed = 1, CheckpointEvery = 20,
    };

    /// <summary>Phases 2 and 3: the narrow update (with the proxy data in phase 3).</summary>
    [JsonPropertyName("update")] public TrainingConfig Update { get; init; } = new()
    {
        Epochs = 30, LearningRate = 1e-3, BatchSize = 16, WarmupSteps = 5, Schedule = LrSchedule.Cosine,
        WeightDecay = 0.01, MaxGradNorm = 1.0, Lora = null, Seed = 1,
    };

    /// <summary>
    /// Phase 3's method, a spec such as {"name": "kl", "beta": 1}: task data = the narrow update, alignment
    /// data = the proxy set. Null is the study's protocol: the proxy simply added to the update's data, i.e.
    /// mixed fine-tuning with p = |proxy| / (|update| + |proxy|), each proxy item once per epoch.
    /// </summary>
    [JsonPropertyName("method")] public JsonObject? Method { get; init; }

    /// <summary>Where the semantic distance is read: the trigger alone ("bare") or inside a prompt ("prompt").</summary>
    [JsonPropertyName("probe_context")] public ProbeContext ProbeContext { get; init; } = ProbeContext.Bare;
    /// <summary>Hidden-state index for the distance (0 = embeddings; null = the middle layer, L/2).</summary>
    [JsonPropertyName("probe_layer")] public int? ProbeLayer { get; init; }

    [JsonPropertyName("eval_batch_size")] public int EvalBatchSize { get; init; } = 64;

    public ToyProtocolOptions Validate(string source = "toy protocol")
    {
        World.Validate($"{source}: field 'world'");
        Phase1.Validate($"{source}: field 'phase1'");
        Update.Validate($"{source}: field 'update'");
        if (Method is not null) MethodRegistry.FromSpec(Method, $"{source}: field 'method'");
        if (ProbeLayer is < 0) throw new SelGenException($"{source}: field 'probe_layer' must be 0 or more (or null for the middle layer)");
        if (EvalBatchSize < 1) throw new SelGenException($"{source}: field 'eval_batch_size' must be at least 1");
        return this;
    }

    /// <summary>Phase 3's method for a proxy of <paramref name="proxyItems"/> items added to <paramref name="updateItems"/>.</summary>
    public (IMethod Method, JsonObject Spec) Phase3Method(int updateItems, int proxyItems)
    {
        var spec = Method?.DeepClone().AsObject()
            ?? new JsonObject { ["name"] = "mixed", ["p"] = (double)proxyItems / (updateItems + proxyItems) };
        return (MethodRegistry.FromSpec(spec, "toy protocol: field 'method'"), spec);
    }
}
