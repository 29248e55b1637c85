using SelGen.Engine;
using SelGen.Engine.Lora;
using SelGen.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SelGen.Methods;

/// <summary>What a method may use: the model, its trainable parameters, the frozen reference, the settings.</summary>
public sealed class MethodContext : IDisposable
{
    public DecoderLM Model { get; }
    public TrainingConfig Config { get; }
    public IReadOnlyList<AlignmentItem> Alignment { get; }
    public int PadId { get; }

    /// <summary>The adapter being trained when training with LoRA; null for full fine-tuning.</summary>
    public string? Adapter { get; }

    DecoderLM? _frozenCopy;
    readonly List<ReferenceCache> _caches = [];

    public MethodContext(DecoderLM model, TrainingConfig config, IReadOnlyList<AlignmentItem> alignment, int padId, string? adapter)
    {
        Model = model;
        Config = config;
        Alignment = alignment;
        PadId = padId;
        Adapter = adapter;
    }

    /// <summary>Parameters the optimizer updates, by name.</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> Trainable =>
        Model.named_parameters().Where(p => p.parameter.requires_grad).ToList();

    /// <summary>
    /// The frozen starting model's output, under no-grad. With LoRA it is the same model with every adapter
    /// disabled (no copy needed); with full fine-tuning, a frozen copy taken at the first call, which must
    /// therefore happen before the first optimizer step (methods call it from <see cref="IMethod.Attach"/>).
    /// </summary>
    public ModelOutput Reference(ModelInput input)
    {
        using var _ = no_grad();
        if (Adapter is not null)
        {
            using var disabled = Model.AdaptersDisabled();
            return Model.forward(input);
        }
        EnsureFrozenCopy();
        return _frozenCopy!.forward(input);
    }

    /// <summary>Takes the frozen copy now (full fine-tuning only); called from Attach by methods that need a reference.</summary>
    public void EnsureFrozenCopy()
    {
        if (Adapter is not null || _frozenCopy is not null) return;
        var copy = new DecoderLM(Model.Config, dtype: Model.DType);
        using (no_grad())
        {
            var source = Model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            foreach (var (name, p) in copy.named_parameters())
            {
                p.copy_(source[name]);
                p.requires_grad = false;
            }
        }
        if (Model.Device.type != DeviceType.CPU) copy.to(Model.Device);
        copy.eval();
        _frozenCopy = copy;
    }

    /// <summary>
    /// The reference's outputs on every alignment item, computed now, once (see <see cref="ReferenceCache"/>);
    /// owned by this context. Call from <see cref="IMethod.Attach"/>, before the first optimizer step.
    /// </summary>
    public ReferenceCache PrecomputeReference(bool rejected, bool hiddenStates, Func<ModelOutput, Batch, IReadOnlyList<Tensor>> take)
    {
        EnsureFrozenCopy();
        var cache = ReferenceCache.Build(this, rejected, hiddenStates, take);
        _caches.Add(cache);
        return cache;
    }

    public void Dispose()
    {
        foreach (var c in _caches) c.Dispose();
        _frozenCopy?.Dispose();
    }
}
