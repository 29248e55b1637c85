using System.Text.Json.Serialization;
using SelGen.Engine;
using static TorchSharp.torch;

namespace SelGen.Methods;

public enum LayerReduction { Mean, Sum }

/// <summary>
/// Representation constraint: CE(T) + β·R, R = reduce_l MSE(h_θ^l, h_ref^l) on alignment data, over the
/// outputs of decoder layers l = 1..L (the last taken after the final norm, as Hugging Face returns it),
/// squared error averaged over the chosen positions and the hidden dimension. The reference summed over
/// layers; the write-up says averaged: both are offered, the mean by default so β means the same at any depth.
/// The reference's hidden states on the alignment items are computed once before training (<see cref="ReferenceCache"/>).
/// </summary>
public sealed class RepresentationConstraint(RepresentationConstraint.Options options) : IMethod
{
    public sealed record Options : IMethodOptions
    {
        [JsonPropertyName("beta")] public double Beta { get; init; } = 1.0;
        [JsonPropertyName("reduction")] public LayerReduction Reduction { get; init; } = LayerReduction.Mean;
        /// <summary>Decoder layers (1-based) to constrain; null for all.</summary>
        [JsonPropertyName("layers")] public IReadOnlyList<int>? Layers { get; init; }
        /// <summary>Positions compared: real tokens by default (padding masked), trained only, or all (reference).</summary>
        [JsonPropertyName("positions")] public PenaltyPositions Positions { get; init; } = PenaltyPositions.Real;

        public void Validate(string source)
        {
            Knob.NonNegative(source, "beta", Beta);
            if (Layers is { } layers)
            {
                Knob.Check(layers.Count > 0, source, "layers", "[]", "null (every layer) or a non-empty list of layer numbers");
                foreach (var l in layers) Knob.Check(l >= 1, source, "layers", l, "a layer number ≥ 1 (hidden_states[1..L])");
            }
        }
    }

    public string Name => "representation";
    public bool UsesAlignment => true;

    public void Attach(MethodContext context)
    {
        int layers = context.Model.Config.NumHiddenLayers;
        if (options.Layers?.FirstOrDefault(l => l < 1 || l > layers) is int bad and not 0)
            throw new SelGenException($"method 'representation': field 'layers' has {bad}; layers are numbered 1..{layers}");
        context.EnsureFrozenCopy();
        var constrained = Layers(context);
        // The reference's hidden states on the alignment items, once (positions "all" include padding: per step).
        _reference = options.Positions == PenaltyPositions.All ? null : context.PrecomputeReference(rejected: false, hiddenStates: true, (output, batch) =>
        {
            var h = stack(constrained.Select(l => output.HiddenStates![l]).ToList(), dim: 2);            // (B, T, layers, H)
            return ReferenceCache.Lengths(batch).Select((n, r) => h[r, ..n]).ToList();                    // (T_r, layers, H) each
        });
    }

    ReferenceCache? _reference;

    List<int> Layers(MethodContext context) => options.Layers?.ToList() ?? Enumerable.Range(1, context.Model.Config.NumHiddenLayers).ToList();

    public IReadOnlyDictionary<string, double> Backward(MicroStep step, MethodContext context)
    {
        using var scope = NewDisposeScope();
        var task = Losses.TaskCrossEntropy(context, step);
        var batch = step.Chosen!;
        var input = batch.Input(outputHiddenStates: true);
        var policy = context.Model.forward(input).HiddenStates!;
        var layers = Layers(context);
        var cached = _reference is not null && step.AlignmentItems is { } items ? _reference.Positions(items, rejected: false, batch.InputIds.shape[1]) : null;  // (B, T, layers, H)
        var computed = cached is null ? context.Reference(input).HiddenStates! : null;
        var mask = options.Positions switch
        {
            PenaltyPositions.Trained => cat([zeros_like(batch.TargetMask[.., ..1]), batch.TargetMask], dim: 1),  // (B, T): token t trained
            PenaltyPositions.Real => batch.AttentionMask,
            _ => ones_like(batch.AttentionMask),
        };
        Tensor total = zeros(1, device: task.device);
        for (int j = 0; j < layers.Count; j++)
        {
            int l = layers[j];
            var reference = cached is not null ? cached[.., .., j] : computed![l];                                  // (B, T, H)
            var perPosition = (policy[l] - reference).pow(2).mean([-1]);                                            // (B, T)
            total = total + (perPosition * mask).sum() / mask.sum().clamp_min(1);
        }
        var penalty = (options.Reduction == LayerReduction.Mean ? total / layers.Count : total).squeeze() * step.PairShare;
        var loss = task + options.Beta * penalty;
        loss.backward();
        return new Dictionary<string, double> { ["loss"] = loss.item<float>(), ["task_ce"] = task.item<float>(), ["representation"] = penalty.item<float>() };
    }
}
