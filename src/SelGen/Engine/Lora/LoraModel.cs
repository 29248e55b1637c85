using TorchSharp.Modules;

namespace SelGen.Engine.Lora;

/// <summary>
/// Adapter management on a <see cref="DecoderLM"/>: several named adapters, each enabled, disabled or
/// frozen; merged and unmerged. With every adapter disabled the model IS the frozen starting model,
/// which is the reference that KL, DPO and representation methods compare against.
/// </summary>
public static class LoraModel
{
    public static void AddAdapter(this DecoderLM model, string name, LoraConfig config)
    {
        config.Validate($"adapter '{name}'");
        int count = 0;
        foreach (var (moduleName, layer) in model.Linears())
        {
            if (!LoraNames.Targets(moduleName, config.TargetModules)) continue;
            layer.AddAdapter(name, config.R, config.Scale, config.Dropout);
            count++;
        }
        if (count == 0)
            throw new SelGenException($"adapter '{name}': no module matches target_modules [{string.Join(", ", config.TargetModules)}]; the model's linear layers end in q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj");
    }

    /// <summary>Modules that carry adapter <paramref name="name"/>, by Hugging Face module name.</summary>
    public static IEnumerable<(string Module, AdaptableLinear Layer)> AdapterLayers(this DecoderLM model, string name)
    {
        bool any = false;
        foreach (var (moduleName, layer) in model.Linears())
        {
            if (!layer.HasAdapter(name)) continue;
            any = true;
            yield return (moduleName, layer);
        }
        if (!any) throw new SelGenException($"the model has no adapter named '{name}'");
    }

    public static IEnumerable<string> AdapterNames(this DecoderLM model) =>
        model.Linears().SelectMany(l => l.Layer.AdapterNames).Distinct();

    /// <summary>The adapter's A and B matrices, by parameter name.</summary>
    public static IEnumerable<(string Name, Parameter Parameter)> AdapterParameters(this DecoderLM model, string name) =>
        model.named_parameters().Where(p => p.name.EndsWith($".{name}.weight", StringComparison.Ordinal) && LoraNames.IsAdapterParameter(p.name));

    public static void SetAdapterEnabled(this DecoderLM model, string name, bool enabled)
    {
        foreach (var (_, layer) in model.AdapterLayers(name)) layer.SetEnabled(name, enabled);
    }

    /// <summary>Freezes (or unfreezes) the adapter's parameters; a frozen adapter still acts when enabled.</summary>
    public static void SetAdapterTrainable(this DecoderLM model, string name, bool trainable)
    {
        foreach (var (_, p) in model.AdapterParameters(name)) p.requires_grad = trainable;
    }

    /// <summary>Freezes every non-adapter weight (LoRA training) or unfreezes it (full fine-tuning).</summary>
    public static void SetBaseTrainable(this DecoderLM model, bool trainable)
    {
        foreach (var (n, p) in model.named_parameters())
            if (!LoraNames.IsAdapterParameter(n)) p.requires_grad = trainable;
    }

    /// <summary>Disables every adapter until disposed, then restores each one's previous state.</summary>
    public static IDisposable AdaptersDisabled(this DecoderLM model)
    {
        var previous = model.Linears()
            .SelectMany(l => l.Layer.AdapterNames.Select(a => (l.Layer, Adapter: a, Enabled: l.Layer.IsEnabled(a))))
            .ToList();
        if (previous.Any(p => p.Layer.IsMerged(p.Adapter)))
            throw new SelGenException("an adapter is merged into the base weights, so disabling adapters would not give the reference model; unmerge it first");
        foreach (var p in previous) p.Layer.SetEnabled(p.Adapter, false);
        return new Restore(() => { foreach (var p in previous) p.Layer.SetEnabled(p.Adapter, p.Enabled); });
    }

    public static void MergeAdapter(this DecoderLM model, string name)
    {
        foreach (var (_, layer) in model.AdapterLayers(name)) layer.Merge(name);
    }

    public static void UnmergeAdapter(this DecoderLM model, string name)
    {
        foreach (var (_, layer) in model.AdapterLayers(name)) layer.Unmerge(name);
    }

    public static void RemoveAdapter(this DecoderLM model, string name)
    {
        foreach (var (_, layer) in model.AdapterLayers(name).ToList()) layer.RemoveAdapter(name);
    }

    sealed class Restore(Action action) : IDisposable
    {
        Action? _action = action;
        public void Dispose() { _action?.Invoke(); _action = null; }
    }
}
