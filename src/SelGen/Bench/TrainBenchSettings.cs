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

    public TrainBenchSettings Validate()
    {
        void Require(bool ok, string field, string why)
        {
            if (!ok) throw new SelGenException($"bench train: {field} {why}");
        }
        Engine.Presets.Get(Preset, Math.Max(Vocab, 1));
        Require(Steps > 0, "steps", $"must be at least 1; it is {Steps}");
        Require(Warmup >= 0, "warmup", $"must be 0 or more; it is {Warmup}");
        Require(Batch > 0, "batch", $"must be at least 1; it is {Batch}");
        Require(Seq > 1, "seq", $"must be at least 2 (next-token loss needs a target); it is {Seq}");
        Require(Threads > 0, "threads", $"must be at least 1; it is {Threads}");
        Require(Vocab > 1, "vocab", $"must be at least 2; it is {Vocab}");
        Require(MatmulSize >= 0, "matmul size", $"must be 0 (skip) or positive; it is {MatmulSize}");
        return this;
    }
}
