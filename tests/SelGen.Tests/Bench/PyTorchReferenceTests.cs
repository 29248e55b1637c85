using SelGen.Bench;

namespace SelGen.Tests.Bench;

/// <summary>Runs bench/pytorch_reference.py; skipped where /usr/bin/python3 cannot import torch.</summary>
public class PyTorchReferenceTests
{
    [PyTorchFact]
    [Trait("Category", "Slow")]
    public void Reference_trains_the_same_model_and_reports_the_same_fields()
    {
        var settings = new TrainBenchSettings
        {
            Preset = "tiny", Steps = 2, Warmup = 1, Batch = 2, Seq = 16, Threads = 1, Vocab = 64, MatmulSize = 64,
        };

        var comparison = TrainComparison.Run(settings, PyTorchAvailable.Reference, rounds: 1);

        var (ours, theirs) = (comparison.SelGen[0], comparison.PyTorch[0]);
        Assert.Equal("pytorch", theirs.Implementation);
        Assert.Equal(ours.Parameters, theirs.Parameters);
        Assert.Equal(ours.FlopsPerStep, theirs.FlopsPerStep);
        Assert.Equal((settings.Batch, settings.Seq, settings.Threads, settings.Steps), (theirs.Batch, theirs.Seq, theirs.Threads, theirs.Steps));
        Assert.True(theirs.TokensPerSecond > 0 && theirs.PeakMemMb > 0 && theirs.MatmulGflops > 0);
        Assert.InRange(theirs.LossFirst, Math.Log(64) - 0.1, Math.Log(64) + 0.1);
        Assert.True(comparison.MedianRatio > 0);
    }
}
