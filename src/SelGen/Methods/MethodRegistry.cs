using System.Text.Json.Nodes;
using SelGen.IO;

namespace SelGen.Methods;

/// <summary>Methods by name, each with its options record read strictly from JSON.</summary>
public static class MethodRegistry
{
    sealed record Entry(string Label, string Summary, Func<JsonObject, string, IMethod> Create);

    /// <summary>An entry whose options are read strictly and validated (cross-field rules included) before the method is made.</summary>
    static Entry Make<TOptions>(string label, string summary, Func<TOptions, IMethod> create) where TOptions : IMethodOptions =>
        new(label, summary, (json, source) =>
        {
            var options = StrictJson.Deserialize<TOptions>(json.ToJsonString(), source);
            options.Validate(source);
            return create(options);
        });

    static readonly Dictionary<string, Entry> Entries = new(StringComparer.Ordinal)
    {
        ["task_only"] = new("Task only", "CE(T) only",
            (json, source) => json.Count == 0 ? new TaskOnly() : throw new SelGenException($"{source}: method 'task_only' takes no options")),
        ["mixed"] = Make<Mixed.Options>("Mixed (p)", "CE over T ∪ A with share p of alignment items", o => new Mixed(o)),
        ["upweight"] = Make<UpWeight.Options>("Up-weight (λ)", "CE(T) + λ·CE(A⁺) − λ_neg·CE(A⁻)", o => new UpWeight(o)),
        ["kl"] = Make<KlPenalty.Options>("KL penalty (β)", "CE(T) + β·KL(p_θ ‖ p_ref) on A", o => new KlPenalty(o)),
        ["representation"] = Make<RepresentationConstraint.Options>("Representation (β)", "CE(T) + β·MSE of hidden states to the reference on A",
            o => new RepresentationConstraint(o)),
        ["gradient_projection"] = Make<GradientProjection.Options>("Gradient projection", "task gradient projected orthogonal to the alignment gradient",
            o => new GradientProjection(o)),
        ["dpo"] = Make<Dpo.Options>("DPO (β, λ)", "CE(T) + λ·DPO on alignment pairs", o => new Dpo(o)),
        ["safe_lora"] = Make<SafeLora.Options>("Safe LoRA (k / τ)", "post-hoc projection of LoRA updates onto the alignment subspace", o => new SafeLora(o)),
        ["olora"] = Make<OLora.Options>("O-LoRA (λ)", "CE(T) + λ·‖A_task·A_alignᵀ‖₁ against a frozen alignment LoRA", o => new OLora(o)),
        ["gradient_routing"] = Make<GradientRouting.Options>("Gradient routing",
            "CE(T) and λ·CE(A⁺) routed to different LoRA adapters; routed adapter scaled after training", o => new GradientRouting(o)),
        ["steering"] = Make<Steering.Options>("Steering (α)",
            "CE(T) with the residual stream steered along the proxy's aligned − misaligned direction (preventative, ablation, inference)", o => new Steering(o)),
        ["divdis"] = Make<DivDis.Options>("DivDis (λ)",
            "K LoRA heads: Σ CE_k(T) + λ·Σ MI(heads) on proxy prompts; the best head on the proxy is kept", o => new DivDis(o)),
    };

    public static IReadOnlyCollection<string> Names => Entries.Keys;

    public static string Summary(string name) => Entries[name].Summary;

    /// <summary>The method's name in reports and figures, with its knob in brackets (e.g. "KL penalty (β)").</summary>
    public static string Label(string name) => Entries.TryGetValue(name, out var e) ? e.Label : name;

    /// <summary>Creates method <paramref name="name"/> with options from JSON (null or {} for the defaults), validated.</summary>
    public static IMethod Create(string name, JsonObject? options = null)
    {
        if (!Entries.TryGetValue(name, out var entry))
            throw new SelGenException($"unknown method '{name}'; choose one of: {string.Join(", ", Entries.Keys)}");
        return entry.Create(options ?? [], $"method '{name}'");
    }

    /// <summary>Parses a method spec like {"name": "kl", "beta": 1.0}.</summary>
    public static IMethod FromSpec(JsonObject spec, string source)
    {
        if (spec["name"] is not JsonValue nameNode || !nameNode.TryGetValue<string>(out var name))
            throw new SelGenException($"{source}: a method needs a 'name' (one of: {string.Join(", ", Entries.Keys)})");
        var options = new JsonObject(spec.Where(p => p.Key != "name").Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        try { return Create(name, options); }
        catch (SelGenException e) { throw new SelGenException($"{source}: {e.Message}", e); }
    }
}
