using System.Text.Json.Serialization;
using SelGen.Engine;
using SelGen.Engine.Lora;
using SelGen.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SelGen.Methods;

/// <summary>When and how the alignment direction is applied.</summary>
public enum SteeringVariant
{
    /// <summary>
    /// Preventative steering (Chen et al. 2025, persona vectors): while fine-tuning, add the misaligned direction
    /// (h ← h − α·v) so that the model need not learn it; nothing is added at evaluation.
    /// </summary>
    Preventative,
    /// <summary>
    /// Concept ablation during fine-tuning (Casademunt et al. 2025, CAFT): while fine-tuning, project the direction
    /// out of the residual stream (h ← h − α·(h·v̂)v̂; α = 1 removes it entirely); nothing at evaluation.
    /// </summary>
    Ablation,
    /// <summary>Plain task training, then at evaluation steer towards alignment (h ← h + α·v).</summary>
    Inference,
}

/// <summary>
/// Steering along an alignment direction in activation space. The direction is computed once, before training,
/// from the alignment proxy alone with the starting model: v = mean over the reply tokens of the aligned (chosen)
/// replies of the output of decoder layer <c>layer</c>, minus the same mean over the misaligned (rejected) replies.
/// Training is CE(T) with the steering hook in the forward pass (preventative, ablation) or without it (inference,
/// whose hook is installed after training and stays on while the run is evaluated). Every position is steered.
/// </summary>
/// <remarks>
/// The steering is not part of the saved PEFT adapter: for the inference variant the evaluated model is the adapter
/// plus the hook, and the direction is kept in <see cref="Direction"/> for whoever reloads the run.
/// </remarks>
public sealed class Steering(Steering.Options options) : IMethod
{
    public sealed record Options : IMethodOptions
    {
        [JsonPropertyName("variant")] public SteeringVariant Variant { get; init; } = SteeringVariant.Preventative;
        /// <summary>Decoder layer (0-based) whose output is read and steered; null takes the middle layer (L / 2).</summary>
        [JsonPropertyName("layer")] public int? Layer { get; init; }
        /// <summary>Strength α, in units of the raw direction v (preventative, inference) or as the share of the projection removed (ablation).</summary>
        [JsonPropertyName("alpha")] public double Alpha { get; init; } = 1.0;

        public void Validate(string source)
        {
            if (Layer is < 0) throw new SelGenException($"{source}: field 'layer' is {Layer}; it must be a decoder layer index ≥ 0");
            if (!(Alpha >= 0 && double.IsFinite(Alpha))) throw new SelGenException($"{source}: field 'alpha' is {Alpha}; it must be a finite number ≥ 0");
            if (Variant == SteeringVariant.Ablation && Alpha > 1)
                throw new SelGenException($"{source}: field 'alpha' is {Alpha}; with variant 'ablation' it is the share of the projection removed, in [0, 1]");
        }
    }

    Tensor? _direction;
    int _layer;

    public string Name => "steering";
    public bool UsesAlignment => true;
    public bool UsesRejected => true;

    /// <summary>The alignment direction v (C), once attached; null before.</summary>
    public Tensor? Direction => _direction;

    /// <summary>The decoder layer steered.</summary>
    public int Layer => _layer;

    public object? Outcome => _direction is null ? null : new
    {
        variant = options.Variant.ToString().ToLowerInvariant(), layer = _layer, alpha = options.Alpha,
        direction_norm = _direction.norm().item<float>(), direction = _direction.to(ScalarType.Float32).cpu().data<float>().ToArray(),
    };

    /// <summary>Task data only: the proxy serves for the direction, not as training data.</summary>
    public IReadOnlyList<Example> TrainingSet(IReadOnlyList<Example> task, IReadOnlyList<AlignmentItem> alignment) => task;

    public void Attach(MethodContext context)
    {
        int layers = context.Model.Config.NumHiddenLayers;
        _layer = options.Layer ?? layers / 2;
        if (_layer >= layers)
            throw new SelGenException($"method 'steering': field 'layer' is {_layer}; the model has {layers} decoder layers (0..{layers - 1})");
        _direction?.Dispose();
        _direction = ComputeDirection(context.Model, context.Alignment, _layer, context.PadId).DetachFromDisposeScope();
        if (options.Variant != SteeringVariant.Inference) context.Model.LayerOutputHook = Hook();
    }

    public IReadOnlyDictionary<string, double> Backward(MicroStep step, MethodContext context) => TaskOnly.Step(step, context);

    public void AfterTraining(MethodContext context) =>
        context.Model.LayerOutputHook = options.Variant == SteeringVariant.Inference ? Hook() : null;

    Func<int, Tensor, Tensor> Hook()
    {
        var v = _direction!;
        int layer = _layer;
        double alpha = options.Alpha;
        return options.Variant switch
        {
            SteeringVariant.Preventative => (i, h) => i == layer ? h - alpha * v.to(h.dtype) : h,
            SteeringVariant.Inference => (i, h) => i == layer ? h + alpha * v.to(h.dtype) : h,
            _ => (i, h) => i == layer ? RemoveDirection(h, v.to(h.dtype), alpha) : h,
        };
    }

    /// <summary>h − α·(h·v̂)v̂ for every position of h (B, T, C): with α = 1 the result has no component along v.</summary>
    public static Tensor RemoveDirection(Tensor h, Tensor v, double alpha = 1.0)
    {
        using var scope = NewDisposeScope();
        var unit = v / v.norm();                                                   // (C)
        var along = (h * unit).sum(-1, keepdim: true);                             // (B, T, 1)
        return (h - alpha * along * unit).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// v = mean of layer <paramref name="layer"/>'s output over the reply tokens of the chosen replies − the same over
    /// the rejected replies, with the model as it is (adapters disabled: the starting model) and under no-grad.
    /// A reply token is one the example trains on (the chat format's assistant tokens).
    /// </summary>
    public static Tensor ComputeDirection(DecoderLM model, IReadOnlyList<AlignmentItem> items, int layer, int padId, int batchSize = 16)
    {
        if (items.Any(i => i.Rejected is null))
            throw new SelGenException("method 'steering' needs alignment pairs (a misaligned reply for every proxy item) to find the direction");
        using var _ = no_grad();
        using var disabled = model.AdaptersDisabled();
        var hook = model.LayerOutputHook;
        try
        {
            using var chosen = MeanReplyState(model, items.Select(i => i.Chosen).ToList(), layer, padId, batchSize);
            using var rejected = MeanReplyState(model, items.Select(i => i.Rejected!).ToList(), layer, padId, batchSize);
            return chosen - rejected;
        }
        finally
        {
            model.LayerOutputHook = hook;
        }
    }

    /// <summary>Mean over every trained token of <paramref name="examples"/> of the output of decoder layer <paramref name="layer"/> (C).</summary>
    static Tensor MeanReplyState(DecoderLM model, IReadOnlyList<Example> examples, int layer, int padId, int batchSize)
    {
        using var scope = NewDisposeScope();
        var sum = zeros(model.Config.HiddenSize, dtype: ScalarType.Float64, device: model.Device);
        double count = 0;
        for (int start = 0; start < examples.Count; start += batchSize)
        {
            using var batch = Batch.Collate(examples.Skip(start).Take(batchSize).ToList(), padId, model.Device);
            Tensor? states = null;
            // Read the layer's own output (the residual stream the steering hook edits), not a normed copy.
            model.LayerOutputHook = (i, h) =>
            {
                if (i == layer) states = h.detach().MoveToOuterDisposeScope();
                return h;
            };
            model.forward(batch.Input());
            // The state at a reply token t itself (the token is trained: TargetMask[t-1] = 1).
            var mask = nn.functional.pad(batch.TargetMask, [1, 0]).unsqueeze(-1);                                     // (B, T, 1)
            sum += (states!.to(ScalarType.Float64) * mask).sum([0, 1]);                                                 // (C)
            count += mask.sum().item<float>();
        }
        if (count == 0) throw new SelGenException("method 'steering': the proxy replies have no trained tokens");
        return (sum / count).to(model.DType).MoveToOuterDisposeScope();
    }
}
