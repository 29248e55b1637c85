using System.Diagnostics;
using SelGen.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace SelGen.Bench;

/// <summary>
/// Training throughput of a preset model: fp32 on the CPU, random token batches, and per step
/// forward, next-token cross-entropy, backward, AdamW step, zero grad. The timing protocol is the
/// one bench/pytorch_reference.py follows: <see cref="TrainBenchSettings.Warmup"/> untimed steps,
/// then <see cref="TrainBenchSettings.Steps"/> timed ones; tokens/s = steps·B·T / wall time.
/// </summary>
public static class TrainBenchmark
{
    public static TrainBenchResult Run(TrainBenchSettings settings)
    {
        settings.Validate();
        int previousThreads = torch.get_num_threads();
        torch.set_num_threads(settings.Threads);
        try
        {
            return Measure(settings);
        }
        finally
        {
            torch.set_num_threads(previousThreads);
        }
    }

    static TrainBenchResult Measure(TrainBenchSettings s)
    {
        var config = Presets.Get(s.Preset, s.Vocab);
        torch.manual_seed(s.Seed);
        using var model = new DecoderLM(config);
        model.train();
        using var optimizer = BenchOptimizer.Create(s.Optimizer, model);
        using var batches = RandomBatches(s);                                   // (W+N, B, T)

        var phases = new PhaseTimes();
        for (int i = 0; i < s.Warmup; i++) Step(model, optimizer, batches, i, new PhaseTimes());
        var wall = Stopwatch.StartNew();
        for (int i = 0; i < s.Steps; i++) Step(model, optimizer, batches, s.Warmup + i, phases);
        double seconds = wall.Elapsed.TotalSeconds;
        double peakMb = ProcessMemory.PeakResidentMb() ?? 0;   // read before the matmul probe allocates its own buffers

        double flops = FlopCount.TrainingStep(config, s.Batch, s.Seq);
        double tokens = (double)s.Steps * s.Batch * s.Seq;
        return new TrainBenchResult
        {
            Implementation = "selgen",
            Library = $"TorchSharp {typeof(torch).Assembly.GetName().Version?.ToString(3)}",
            Optimizer = s.Optimizer,
            Preset = s.Preset,
            Config = config.ToJson(),
            Batch = s.Batch,
            Seq = s.Seq,
            Threads = s.Threads,
            Steps = s.Steps,
            Warmup = s.Warmup,
            Parameters = model.parameters().Sum(p => p.numel()),
            MatmulParameters = FlopCount.MatmulParameters(config),
            FlopsPerStep = flops,
            TokensPerSecond = tokens / seconds,
            Gflops = flops * s.Steps / seconds / 1e9,
            PeakMemMb = peakMb,
            MatmulGflops = s.MatmulSize > 0 ? MatmulRate.Measure(s.MatmulSize) : 0,
            MatmulSize = s.MatmulSize,
            ForwardMs = phases.Forward * 1000 / s.Steps,
            BackwardMs = phases.Backward * 1000 / s.Steps,
            OptimizerMs = phases.Optimizer * 1000 / s.Steps,
            StepMsMedian = Median(phases.StepSeconds) * 1000,
            StepMsMin = phases.StepSeconds.Min() * 1000,
            LossFirst = phases.Losses.FirstOrDefault(double.NaN),
            LossLast = phases.Losses.LastOrDefault(double.NaN),
        };
    }

    sealed class PhaseTimes
    {
        public double Forward, Backward, Optimizer;
        public readonly List<double> Losses = [];
        public readonly List<double> StepSeconds = [];
    }

    static Tensor RandomBatches(TrainBenchSettings s)
    {
        var generator = new Generator((ulong)s.Seed);
        return randint(0, s.Vocab, [s.Warmup + s.Steps, s.Batch, s.Seq], dtype: ScalarType.Int64, generator: generator);
    }

    /// <summary>One training step; the ops run synchronously on the CPU, so wall-clock splits are real.</summary>
    static void Step(DecoderLM model, optim.Optimizer optimizer, Tensor batches, int index, PhaseTimes times)
    {
        using var scope = NewDisposeScope();
        var ids = batches[index];                                              // (B, T)
        var clock = Stopwatch.StartNew();
        var loss = NextTokenLoss(model.Logits(ids), ids);
        double forward = Lap(clock);
        loss.backward();
        double backward = Lap(clock);
        optimizer.step();
        // The module's zero_grad drops the gradients (set to none); the optimizer's would memset them.
        model.zero_grad(set_to_none: true);
        double update = Lap(clock);
        times.Forward += forward;
        times.Backward += backward;
        times.Optimizer += update;
        times.StepSeconds.Add(forward + backward + update);
        times.Losses.Add(loss.item<float>());
    }

    static double Median(List<double> xs)
    {
        var sorted = xs.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    static double Lap(Stopwatch clock)
    {
        double s = clock.Elapsed.TotalSeconds;
        clock.Restart();
        return s;
    }

    /// <summary>Mean cross-entropy of predicting token t+1 from positions ≤ t.</summary>
    /// <param name="logits">(B, T, V)</param>
    /// <param name="ids">(B, T)</param>
    public static Tensor NextTokenLoss(Tensor logits, Tensor ids)
    {
        using var scope = NewDisposeScope();
        long v = logits.shape[2];
        var predictions = logits[.., ..^1, ..].reshape(-1, v);   // (B·(T-1), V)
        var targets = ids[.., 1..].reshape(-1);                  // (B·(T-1))
        return nn.functional.cross_entropy(predictions, targets).MoveToOuterDisposeScope();
    }
}
