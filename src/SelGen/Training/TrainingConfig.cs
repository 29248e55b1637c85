using System.Text.Json.Serialization;
using SelGen.Engine.Lora;

namespace SelGen.Training;

public enum LrSchedule { Linear, Cosine, Constant }

/// <summary>
/// The shared training loop's settings. Defaults are the study's (METHODS.md, "Shared loop"):
/// AdamW β 0.9/0.999, eps 1e-8, weight decay 0.01, 5 warm-up steps then linear decay, no clipping,
/// LoRA r 32 / alpha 64 / rsLoRA on all seven projections.
/// </summary>
public sealed record TrainingConfig
{
    /// <summary>Passes over the task data (an epoch is one pass over T, or over T ∪ A for Mixed).</summary>
    [JsonPropertyName("epochs")] public int Epochs { get; init; } = 1;
    [JsonPropertyName("learning_rate")] public double LearningRate { get; init; } = 1e-4;
    /// <summary>Examples per optimizer step (micro-batch × accumulation).</summary>
    [JsonPropertyName("batch_size")] public int BatchSize { get; init; } = 32;
    /// <summary>Micro-batches per optimizer step; batch_size must be a multiple of it.</summary>
    [JsonPropertyName("grad_accum")] public int GradAccum { get; init; } = 1;
    /// <summary>Examples per alignment micro-batch (defaults to the task micro-batch size).</summary>
    [JsonPropertyName("alignment_batch_size")] public int? AlignmentBatchSize { get; init; }
    [JsonPropertyName("warmup_steps")] public int WarmupSteps { get; init; } = 5;
    [JsonPropertyName("schedule")] public LrSchedule Schedule { get; init; } = LrSchedule.Linear;
    [JsonPropertyName("weight_decay")] public double WeightDecay { get; init; } = 0.01;
    [JsonPropertyName("adam_beta1")] public double AdamBeta1 { get; init; } = 0.9;
    [JsonPropertyName("adam_beta2")] public double AdamBeta2 { get; init; } = 0.999;
    [JsonPropertyName("adam_eps")] public double AdamEps { get; init; } = 1e-8;
    /// <summary>Clip the global gradient norm to this value; null = no clipping (as the reference).</summary>
    [JsonPropertyName("max_grad_norm")] public double? MaxGradNorm { get; init; }
    /// <summary>LoRA settings; null means full fine-tuning.</summary>
    [JsonPropertyName("lora")] public LoraConfig? Lora { get; init; } = new();
    [JsonPropertyName("seed")] public int Seed { get; init; } = 1;
    /// <summary>Save a resumable checkpoint every N optimizer steps (0: only at the end of each epoch).</summary>
    [JsonPropertyName("checkpoint_every")] public int CheckpointEvery { get; init; }

    [JsonIgnore] public int MicroBatchSize => BatchSize / GradAccum;

    public TrainingConfig Validate(string source = "training")
    {
        void Require(bool ok, string field, string why)
        {
            if (!ok) throw new SelGenException($"{source}: field '{field}' {why}");
        }
        Require(Epochs >= 1, "epochs", $"must be at least 1; it is {Epochs}");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), "learning_rate", $"must be a positive number; it is {LearningRate}");
        Require(BatchSize >= 1, "batch_size", $"must be at least 1; it is {BatchSize}");
        Require(GradAccum >= 1 && BatchSize % GradAccum == 0, "grad_accum",
            $"must be at least 1 and divide batch_size ({BatchSize}); it is {GradAccum}");
        Require(AlignmentBatchSize is null or >= 1, "alignment_batch_size", "must be at least 1 when given");
        Require(WarmupSteps >= 0, "warmup_steps", "must be 0 or more");
        Require(WeightDecay >= 0, "weight_decay", "must be 0 or more");
        Require(AdamBeta1 is >= 0 and < 1, "adam_beta1", "must be in [0, 1)");
        Require(AdamBeta2 is >= 0 and < 1, "adam_beta2", "must be in [0, 1)");
        Require(AdamEps > 0, "adam_eps", "must be positive");
        Require(MaxGradNorm is null or > 0, "max_grad_norm", "must be positive, or null for no clipping");
        Require(CheckpointEvery >= 0, "checkpoint_every", "must be 0 or more");
        Lora?.Validate($"{source}: field 'lora'");
        return this;
    }

    /// <summary>Learning rate at optimizer step <paramref name="step"/> (0-based) of <paramref name="totalSteps"/>:
    /// linear warm-up from 0, then linear or cosine decay to 0 at the last step (Hugging Face's schedules).</summary>
    public double LearningRateAt(int step, int totalSteps)
    {
        if (step < WarmupSteps) return LearningRate * (step + 1) / (WarmupSteps + 1.0);
        if (Schedule == LrSchedule.Constant) return LearningRate;
        double progress = (double)(step - WarmupSteps) / Math.Max(1, totalSteps - WarmupSteps);
        return Schedule == LrSchedule.Linear
            ? LearningRate * Math.Max(0, 1 - progress)
            : LearningRate * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
