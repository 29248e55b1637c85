using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SelGen.Engine;

/// <summary>
/// A linear layer that can carry LoRA adapters (Hu et al. 2021), PEFT-style: the base weight stays
/// where it is and each adapter adds B(A(dropout(x))) * scale, so
/// output = x Wᵀ + b + Σ_enabled scale_a · B_a A_a dropout(x).
/// B starts at zero, so a fresh adapter leaves the output bit-identical.
/// Parameter names: <c>weight</c>, <c>bias</c>, <c>lora_A.{adapter}.weight</c>, <c>lora_B.{adapter}.weight</c>.
/// </summary>
public sealed class AdaptableLinear : nn.Module<Tensor, Tensor>
{
    public readonly Parameter weight;
    public readonly Parameter? bias;
    public readonly AdapterSet lora_A = new();
    public readonly AdapterSet lora_B = new();
    readonly Dictionary<string, AdapterState> _states = new(StringComparer.Ordinal);

    sealed class AdapterState(double scale, double dropout)
    {
        public double Scale { get; } = scale;
        public double Dropout { get; } = dropout;
        public bool Enabled { get; set; } = true;
        public bool Merged { get; set; }
    }

    public long InFeatures { get; }
    public long OutFeatures { get; }

    public AdaptableLinear(long inFeatures, long outFeatures, bool hasBias, ScalarType dtype = ScalarType.Float32, Device? device = null) : base(nameof(AdaptableLinear))
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        weight = nn.Parameter(empty(outFeatures, inFeatures, dtype: dtype, device: device));
        if (hasBias) bias = nn.Parameter(zeros(outFeatures, dtype: dtype, device: device));
        RegisterComponents();
    }

    public IEnumerable<string> AdapterNames => _states.Keys;
    public bool HasAdapter(string name) => _states.ContainsKey(name);

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = nn.functional.linear(x, weight, bias);
        foreach (var (name, state) in _states)
        {
            if (!state.Enabled || state.Merged) continue;
            var input = state.Dropout > 0 && training ? nn.functional.dropout(x, state.Dropout, training: true) : x;
            y = y + lora_B.Get(name).forward(lora_A.Get(name).forward(input)) * state.Scale;
        }
        return y.MoveToOuterDisposeScope();
    }

    /// <summary>Adds adapter <paramref name="name"/>: A by Kaiming-uniform (PEFT's default), B zero.</summary>
    public void AddAdapter(string name, int rank, double scale, double dropout)
    {
        if (_states.ContainsKey(name)) throw new SelGenException($"adapter '{name}' already exists on this layer");
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            throw new SelGenException($"adapter name '{name}' must be letters, digits or '_' (it becomes part of parameter names)");
        var a = nn.Linear(InFeatures, rank, hasBias: false, device: weight.device, dtype: weight.dtype);
        var b = nn.Linear(rank, OutFeatures, hasBias: false, device: weight.device, dtype: weight.dtype);
        using (no_grad())
        {
            nn.init.kaiming_uniform_(a.weight, a: Math.Sqrt(5));
            nn.init.zeros_(b.weight);
        }
        lora_A.Add(name, a);
        lora_B.Add(name, b);
        _states[name] = new AdapterState(scale, dropout);
    }

    public void RemoveAdapter(string name)
    {
        var state = State(name);
        if (state.Merged) Unmerge(name);
        lora_A.Remove(name);
        lora_B.Remove(name);
        _states.Remove(name);
    }

    public void SetEnabled(string name, bool enabled) => State(name).Enabled = enabled;
    public bool IsEnabled(string name) => State(name).Enabled;
    public bool IsMerged(string name) => State(name).Merged;
    public double Scale(string name) => State(name).Scale;

    /// <summary>ΔW = scale · B A, shape (out, in).</summary>
    public Tensor Delta(string name)
    {
        State(name);
        using var scope = NewDisposeScope();
        return (lora_B.Get(name).weight!.matmul(lora_A.Get(name).weight!) * Scale(name)).MoveToOuterDisposeScope();
    }

    /// <summary>Folds the adapter into the base weight; refuses if the result is not finite.</summary>
    public void Merge(string name)
    {
        var state = State(name);
        if (state.Merged) return;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var merged = weight + Delta(name).to_type(weight.dtype);
        if (!merged.isfinite().all().item<bool>())
            throw new SelGenException($"merging adapter '{name}' would put non-finite values in the base weight; the adapter is left unmerged");
        weight.copy_(merged);
        state.Merged = true;
    }

    public void Unmerge(string name)
    {
        var state = State(name);
        if (!state.Merged) return;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        weight.sub_(Delta(name).to_type(weight.dtype));
        state.Merged = false;
    }

    AdapterState State(string name) =>
        _states.TryGetValue(name, out var s) ? s : throw new SelGenException($"no adapter named '{name}' on this layer");
}

/// <summary>
/// The A (or B) matrices of a layer's adapters, one bias-free Linear per adapter name, registered so that
/// parameter names read <c>lora_A.{adapter}.weight</c>. (TorchSharp's ModuleDict cannot be moved with
/// Module.to(dtype), hence this small container.)
/// </summary>
public sealed class AdapterSet : nn.Module
{
    readonly Dictionary<string, Linear> _items = new(StringComparer.Ordinal);

    public AdapterSet() : base(nameof(AdapterSet)) { }

    public Linear Get(string name) => _items[name];

    public void Add(string name, Linear layer)
    {
        register_module(name, layer);
        _items[name] = layer;
    }

    public void Remove(string name)
    {
        _items.Remove(name, out var layer);
        _internal_submodules.Remove(name);
        layer?.Dispose();
    }

    protected override nn.Module _to(ScalarType dtype, bool nonBlocking)
    {
        base._to(dtype, nonBlocking);
        RefreshItems();
        return this;
    }

    protected override nn.Module _to(DeviceType deviceType, int deviceIndex, bool nonBlocking)
    {
        base._to(deviceType, deviceIndex, nonBlocking);
        RefreshItems();
        return this;
    }

    void RefreshItems()
    {
        foreach (var (name, module) in named_children()) _items[name] = (Linear)module;
    }
}
