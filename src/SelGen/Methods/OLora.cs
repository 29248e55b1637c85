using System.Text.Json.Serialization;
using SelGen.Engine.Lora;
using static TorchSharp.torch;

namespace SelGen.Methods;

/// <summary>
/// O-LoRA (Wang et al. 2023) for alignment: first a LoRA trained on the alignment data alone, then frozen
/// (and left active); then the task LoRA trained with CE(T) + λ·Σ_modules ‖A_task·A_alignᵀ‖₁, which pushes
/// the task update into a subspace orthogonal to the alignment one. (The reference code implemented a
/// variant with an averaged alignment-gradient "plane" in place of the adapter; it is not offered here, see
/// docs/methods.md.)
/// </summary>
public sealed class OLora(OLora.Options options) : IMethod
{
    public sealed record Options : IMethodOptions
    {
        [JsonPropertyName("lambda")] public double Lambda { get; init; } = 0.5;
        [JsonPropertyName("proxy_epochs")] public int ProxyEpochs { get; init; } = 3;

        public void Validate(string source)
        {
            Knob.NonNegative(source, "lambda", Lambda);
            Knob.AtLeastOne(source, "proxy_epochs", ProxyEpochs);
        }
    }

    public const string AlignmentAdapter = "olora_align";

    public string Name => "olora";
    public bool UsesAlignment => true;

    public void Attach(MethodContext context)
    {
        if (context.Adapter is null) throw new SelGenException("method 'olora' needs LoRA training; set training.lora");
        foreach (var (_, delta) in ProxyAdapter.TrainAndTakeDeltas(context, AlignmentAdapter, options.ProxyEpochs, keep: true)) delta.Dispose();
    }

    public IReadOnlyDictionary<string, double> Backward(MicroStep step, MethodContext context)
    {
        using var scope = NewDisposeScope();
        var task = Losses.TaskCrossEntropy(context, step);
        var penalty = Penalty(context.Model, context.Adapter!, AlignmentAdapter) * step.TaskShare;
        var loss = task + options.Lambda * penalty;
        loss.backward();
        return new Dictionary<string, double> { ["loss"] = loss.item<float>(), ["task_ce"] = task.item<float>(), ["orthogonality"] = penalty.item<float>() };
    }

    /// <summary>Σ over modules carrying both adapters of the L1 norm of A_task·A_alignᵀ (r_task × r_align).</summary>
    public static Tensor Penalty(Engine.DecoderLM model, string taskAdapter, string alignmentAdapter)
    {
        using var scope = NewDisposeScope();
        Tensor total = zeros(1);
        foreach (var (_, layer) in model.AdapterLayers(taskAdapter))
        {
            if (!layer.HasAdapter(alignmentAdapter)) continue;
            var product = layer.lora_A.Get(taskAdapter).weight!.matmul(layer.lora_A.Get(alignmentAdapter).weight!.T);
            total = total + product.abs().sum();
        }
        return total.squeeze().MoveToOuterDisposeScope();
    }
}
