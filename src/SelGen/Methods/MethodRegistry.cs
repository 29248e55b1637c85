using System.Text.Json.Nodes;
using SelGen.IO;

namespace SelGen.Methods;

/// <summary>Methods by name, each with its options record read strictly from JSON.</summary>
public static class MethodRegistry
{
    sealed record Entry(string Summary, Func<JsonObject, string, IMethod> Create);

    static Entry Make<TOptions>(string summary, Func<TOptions, IMethod> create) =>
        new(summary, (json, source) => create(StrictJson.Deserialize<TOptions>(json.ToJsonString(), source)));

    static readonly Dictionary<string, Entry> Entries = new(StringComparer.Ordinal)
    {
        ["task_only"] = new("CE(T) only", (json, source) => json.Count == 0 ? new TaskOnly() : throw new SelGenException($"{source}: method 'task_only' takes no options")),
        ["mixed"] = Make<Mixed.Options>("CE over T ∪ A with share p of alignment items", o => new Mixed(o)),
        ["upweight"] = Make<UpWeight.Options>("CE(T) + λ·CE(A⁺) − λ_neg·CE(A⁻)", o => new UpWeight(o)),
        ["kl"] = Make<KlPenalty.Options>("CE(T) + β·KL(p_θ ‖ p_ref) on A", o => new KlPenalty(o)),
        ["representation"] = Make<RepresentationConstraint.Options>("CE(T) + β·MSE of hidden states to the reference on A", o => new RepresentationConstraint(o)),
        ["gradient_projection"] = Make<GradientProjection.Options>("task gradient projected orthogonal to the alignment gradient", o => new GradientProjection(o)),
        ["dpo"] = Make<Dpo.Options>("CE(T) + λ·DPO on alignment pairs", o => new Dpo(o)),
        ["safe_lora"] = Make<SafeLora.Options>("post-hoc projection of LoRA updates onto the alignment subspace", o => new SafeLora(o)),
        ["olora"] = Make<OLora.Options>("CE(T) + λ·‖A_task·A_alignᵀ‖₁ against a frozen alignment LoRA", o => new OLora(o)),
        ["gradient_routing"] = Make<GradientRouting.Options>("CE(T) and λ·CE(A⁺) routed to different LoRA adapters; routed adapter scaled after training",
            o => new GradientRouting(o.Validate("method 'gradient_routing'"))),
        ["steering"] = Make<Steering.Options>("CE(T) with the residual stream steered along the proxy's aligned − misaligned direction (preventative, ablation, inference)",
            o => new Steering(o.Validate("method 'steering'"))),
        ["divdis"] = Make<DivDis.Options>("K LoRA heads: Σ CE_k(T) + λ·Σ MI(heads) on proxy prompts; the best head on the proxy is kept",
            o => new DivDis(o.Validate("method 'divdis'"))),
    };

    public static IReadOnlyCollection<string> Names => Entries.Keys;

    public static string Summary(string name) => Entries[name].Summary;

    /// <summary>Creates method <paramref name="name"/> with options from JSON (null or {} for the defaults).</summary>
    public static IMethod Create(string name, JsonObject? options = null)
    {
        if (!Entries.TryGetValue(name, out var entry))
            throw new SelGenException($"unknown method '{name}'; choose one of: {string.Join(", ", Entries.Keys)}");
        var method = entry.Create(options ?? [], $"method '{name}'");
        Validate(name, options ?? []);
        return method;
    }

    /// <summary>Range checks of the knobs; each message names the field and the accepted range.</summary>
    static void Validate(string name, JsonObject o)
    {
        double? Number(string field) => o[field] is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;
        void Require(string field, Func<double, bool> ok, string range)
        {
            if (Number(field) is double d && !ok(d)) throw new SelGenException($"method '{name}': field '{field}' is {d}; it must be {range}");
        }
        Require("p", d => d is > 0 and < 1, "in (0, 1)");
        Require("beta", d => d >= 0 && double.IsFinite(d), "a finite number ≥ 0");
        Require("lambda", d => d >= 0 && double.IsFinite(d), "a finite number ≥ 0");
        Require("lambda_neg", d => d >= 0 && double.IsFinite(d), "a finite number ≥ 0");
        if (name == "dpo") Require("beta", d => d > 0, "positive");
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
