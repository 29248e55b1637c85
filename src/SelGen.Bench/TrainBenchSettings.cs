namespace SelGen.Bench;

/// <summary>What <see cref="TrainBenchmark"/> measures: one preset model trained on random tokens.</summary>
public sealed record TrainBenchSettings
{
    /// <summary>Model size: a name from <see cref="Engine.Presets.Names"/>.</summary>
    public string Preset { get; init; } = "small";

    /// <summary>Timed optimizer steps.</summary>
    public int Steps { get; init; } = 20;

    /// <summary>Untimed steps first: the allocator, the thread pool and the optimizer state settle.</summary>
    public int Warmup { get; init; } = 3;

    public int Batch { get; init; } = 8;
    public int Seq { get; init; } = 128;

    /// <summary>libtorch intra-op threads.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Vocabulary size: the presets take it from a world's tokenizer, so the bench must choose one.</summary>
    public int Vocab { get; init; } = 4096;

    /// <summary>Side of the square fp32 matmul timed to estimate the machine's peak (0 = skip).</summary>
    public int MatmulSize { get; init; } = 2048;

    public long Seed { get; init; } = 0;

    /// <summary>"fused" (<see cref="Engine.Optim.FusedAdamW"/>) or "torchsharp" (TorchSharp's managed optim.AdamW).</summary>
    public string Optimizer { get; init; } = "fused";

    public static readonly IReadOnlyList<string> Optimizers = ["fused", "torchsharp"];

    public TrainBenchSettings Validate()
    {
        void Require(bool ok, string field, string why)
        {
            if (!ok) throw new SelGenException($"train benchmark setting '{field}' {why}");
        }
        Engine.Presets.Get(Preset, Math.Max(Vocab, 1));
        Require(Steps > 0, "steps", $"must be at least 1; it is {Steps}");
        Require(Warmup >= 0, "warmup", $"must be 0 or more; it is {Warmup}");
        Require(Batch > 0, "batch", $"must be at least 1; it is {Batch}");
        Require(Seq > 1, "seq", $"must be at least 2 (next-token loss needs a target); it is {Seq}");
        Require(Threads > 0, "threads", $"must be at least 1; it is {Threads}");
        Require(Vocab > 1, "vocab", $"must be at least 2; it is {Vocab}");
        Require(Optimizers.Contains(Optimizer), "optimizer", $"is '{Optimizer}'; choose one of: {string.Join(", ", Optimizers)}");
        Require(MatmulSize >= 0, "matmul_size", $"must be 0 (skip) or positive; it is {MatmulSize}");
        return this;
    }
}
