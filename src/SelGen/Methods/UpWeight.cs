using System.Text.Json.Serialization;
using static TorchSharp.torch;

namespace SelGen.Methods;

/// <summary>Up-weighted alignment loss: CE(T) + λ·CE(A⁺) − λ_neg·CE(A⁻).</summary>
public sealed class UpWeight(UpWeight.Options options) : IMethod
{
    public sealed record Options : IMethodOptions
    {
        [JsonPropertyName("lambda")] public double Lambda { get; init; } = 1.0;
        /// <summary>Weight of the negative (unlikelihood-style) term on dispreferred replies; 0 disables it.</summary>
        [JsonPropertyName("lambda_neg")] public double LambdaNeg { get; init; }

        public void Validate(string source)
        {
            Knob.NonNegative(source, "lambda", Lambda);
            Knob.NonNegative(source, "lambda_neg", LambdaNeg);
        }
    }

    public string Name => "upweight";
    public bool UsesAlignment => true;
    public bool UsesRejected => options.LambdaNeg != 0;

    public IReadOnlyDictionary<string, double> Backward(MicroStep step, MethodContext context)
    {
        using var scope = NewDisposeScope();
        var task = Losses.TaskCrossEntropy(context, step);
        var align = Losses.AlignmentCrossEntropy(context, step.Chosen!, step.StepChosenTokens);
        var loss = task + options.Lambda * align;
        var terms = new Dictionary<string, double> { ["task_ce"] = task.item<float>(), ["align_ce"] = align.item<float>() };
        if (options.LambdaNeg != 0)
        {
            var negative = Losses.AlignmentCrossEntropy(context, step.Rejected!, step.StepRejectedTokens);
            loss = loss - options.LambdaNeg * negative;
            terms["rejected_ce"] = negative.item<float>();
        }
        loss.backward();
        terms["loss"] = loss.item<float>();
        return terms;
    }
}
