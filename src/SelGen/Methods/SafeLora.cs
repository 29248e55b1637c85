using System.Text.Json.Serialization;
using SelGen.Engine;
using SelGen.Engine.Checkpoints;
using SelGen.Engine.Lora;
using SelGen.Training;
using static TorchSharp.torch;

namespace SelGen.Methods;

public enum AlignmentMatrixSource { Proxy, AlignedModel }

/// <summary>
/// Safe LoRA (Hsu et al. 2024), post hoc. Train the task LoRA with CE(T); then per target weight take the
/// alignment matrix C = W_aligned − W_base (an aligned model minus its base, or the merge of a LoRA trained on
/// the proxy data A), V = C·Cᵀ/‖C‖_F, and for each LoRA pair the cosine between flat(V·B·A) and flat(B·A).
/// Modules whose update leaves the alignment subspace most (cosine at most a threshold, or the k lowest)
/// are projected: B ← V·B.
/// </summary>
public sealed class SafeLora(SafeLora.Options options) : IMethod
{
    public sealed record Options : IMethodOptions
    {
        [JsonPropertyName("source")] public AlignmentMatrixSource Source { get; init; } = AlignmentMatrixSource.Proxy;
        /// <summary>With source "aligned_model": a Hugging Face folder of the aligned model whose base we train.</summary>
        [JsonPropertyName("aligned_model")] public string? AlignedModel { get; init; }
        /// <summary>With source "proxy": epochs of LoRA training on the alignment data to build C.</summary>
        [JsonPropertyName("proxy_epochs")] public int ProxyEpochs { get; init; } = 3;
        /// <summary>Project modules whose cosine is at most this value.</summary>
        [JsonPropertyName("threshold")] public double? Threshold { get; init; }
        /// <summary>Project the k modules with the lowest cosines.</summary>
        [JsonPropertyName("k")] public int? K { get; init; }

        public void Validate(string source)
        {
            if ((Threshold is null) == (K is null))
                throw new SelGenException($"{source}: give exactly one of 'threshold' (project modules whose cosine is at most it) or 'k' (project the k lowest)");
            if (K is int k) Knob.AtLeastOne(source, "k", k);
            if (Threshold is double t) Knob.Check(t is >= -1 and <= 1, source, "threshold", t, "a cosine in [-1, 1]");
            Knob.AtLeastOne(source, "proxy_epochs", ProxyEpochs);
            if (Source == AlignmentMatrixSource.AlignedModel && AlignedModel is null)
                throw new SelGenException($"{source}: source 'aligned_model' needs field 'aligned_model' (a model folder)");
        }
    }

    public string Name => "safe_lora";
    public bool UsesAlignment => options.Source == AlignmentMatrixSource.Proxy;

    readonly Dictionary<string, Tensor> _alignment = new(StringComparer.Ordinal);

    /// <summary>After training: every adapted module with its cosine and whether it was projected.</summary>
    public IReadOnlyList<(string Module, double Cosine, bool Projected)> Decisions { get; private set; } = [];

    public object? Outcome => Decisions.Select(d => new { module = d.Module, cosine = d.Cosine, projected = d.Projected }).ToList();

    public void Attach(MethodContext context)
    {
        if (context.Adapter is null) throw new SelGenException("method 'safe_lora' needs LoRA training; set training.lora");
        var modules = context.Model.AdapterLayers(context.Adapter).ToList();
        if (options.Source == AlignmentMatrixSource.AlignedModel)
        {
            if (options.AlignedModel is null) throw new SelGenException("method 'safe_lora': source 'aligned_model' needs field 'aligned_model' (a model folder)");
            using var aligned = HfCheckpoint.LoadModel(options.AlignedModel);
            var alignedWeights = aligned.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            foreach (var (module, layer) in modules)
                _alignment[module] = (alignedWeights[module + ".weight"] - layer.weight).detach().DetachFromDisposeScope();
        }
        else
        {
            foreach (var (module, delta) in ProxyAdapter.TrainAndTakeDeltas(context, "safelora_proxy", options.ProxyEpochs, keep: false))
                _alignment[module] = delta;
        }
    }

    public IReadOnlyDictionary<string, double> Backward(MicroStep step, MethodContext context) => TaskOnly.Step(step, context);

    public void AfterTraining(MethodContext context)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var adapter = context.Adapter!;
        var layers = context.Model.AdapterLayers(adapter).ToList();
        var cosines = new List<(string Module, double Cosine, Tensor V)>();
        foreach (var (module, layer) in layers)
        {
            var c = _alignment[module];                                                   // (out, in)
            var v = c.matmul(c.T) / c.norm().clamp_min(1e-12);                            // (out, out)
            var delta = layer.lora_B.Get(adapter).weight!.matmul(layer.lora_A.Get(adapter).weight!);  // (out, in)
            var projected = v.matmul(delta);
            double cosine = nn.functional.cosine_similarity(projected.flatten(), delta.flatten(), dim: 0).item<float>();
            cosines.Add((module, cosine, v));
        }
        var chosen = options.K is int k
            ? cosines.OrderBy(c => c.Cosine).Take(k).Select(c => c.Module).ToHashSet()
            : cosines.Where(c => c.Cosine <= options.Threshold!.Value).Select(c => c.Module).ToHashSet();
        foreach (var (module, layer) in layers)
        {
            if (!chosen.Contains(module)) continue;
            var b = layer.lora_B.Get(adapter).weight!;
            b.copy_(cosines.First(c => c.Module == module).V.matmul(b));                   // B ← V·B
        }
        Decisions = cosines.Select(c => (c.Module, c.Cosine, chosen.Contains(c.Module))).ToList();
        foreach (var t in _alignment.Values) t.Dispose();
        _alignment.Clear();
    }
}

/// <summary>Trains a LoRA adapter on the alignment data alone (the "aligned" direction for Safe LoRA and O-LoRA).</summary>
public static class ProxyAdapter
{
    /// <summary>
    /// Trains adapter <paramref name="name"/> on the chosen replies of the alignment data with the run's settings
    /// for <paramref name="epochs"/> epochs, returns each module's merged update ΔW = scale·B·A (owned by the
    /// caller), then removes the adapter, or keeps it frozen and enabled when <paramref name="keep"/>.
    /// The task adapter is disabled meanwhile and made trainable again afterwards.
    /// </summary>
    public static IReadOnlyList<(string Module, Tensor Delta)> TrainAndTakeDeltas(MethodContext context, string name, int epochs, bool keep)
    {
        if (epochs < 1) throw new SelGenException($"proxy adapter '{name}': field 'proxy_epochs' must be at least 1");
        var model = context.Model;
        var task = context.Adapter!;
        model.SetAdapterEnabled(task, false);
        var examples = context.Alignment.Select(a => a.Chosen).ToList();
        var config = context.Config with { Epochs = epochs, BatchSize = Math.Min(context.Config.BatchSize, examples.Count), GradAccum = 1, CheckpointEvery = 0 };
        Trainer.Run(model, config, new TaskOnly(), new TrainingData(examples, [], context.PadId), new TrainerOptions { Adapter = name });
        var deltas = model.AdapterLayers(name).Select(l => (l.Module, l.Layer.Delta(name).detach().DetachFromDisposeScope())).ToList();
        if (keep) model.SetAdapterTrainable(name, false);
        else model.RemoveAdapter(name);
        model.SetAdapterEnabled(task, true);
        model.SetAdapterTrainable(task, true);
        model.train();
        return deltas;
    }
}
