using System.Text.Json.Nodes;

namespace SelGen.Bench;

/// <summary>
/// SelGen against the PyTorch reference with identical settings, run back to back for several rounds
/// so that the load from other processes falls on both alike. The order alternates each round.
/// </summary>
public sealed record TrainComparison(IReadOnlyList<TrainBenchResult> SelGen, IReadOnlyList<TrainBenchResult> PyTorch)
{
    /// <summary>SelGen tokens/s over PyTorch tokens/s, one per round.</summary>
    public IReadOnlyList<double> Ratios => SelGen.Zip(PyTorch, (s, p) => s.TokensPerSecond / p.TokensPerSecond).ToArray();

    public double MedianRatio => Median(Ratios);

    public static TrainComparison Run(TrainBenchSettings settings, PyTorchReference reference, int rounds)
    {
        if (rounds < 1) throw new SelGenException($"train benchmark setting 'rounds' must be at least 1; it is {rounds}");
        var selgen = new List<TrainBenchResult>();
        var pytorch = new List<TrainBenchResult>();
        for (int r = 0; r < rounds; r++)
        {
            if (r % 2 == 0) { selgen.Add(TrainBenchmark.Run(settings)); pytorch.Add(reference.Train(settings)); }
            else { pytorch.Add(reference.Train(settings)); selgen.Add(TrainBenchmark.Run(settings)); }
        }
        return new TrainComparison(selgen, pytorch);
    }

    public JsonObject ToJson() => new()
    {
        ["selgen"] = new JsonArray(SelGen.Select(r => (JsonNode)r.ToJson()).ToArray()),
        ["pytorch"] = new JsonArray(PyTorch.Select(r => (JsonNode)r.ToJson()).ToArray()),
        ["ratios"] = new JsonArray(Ratios.Select(x => (JsonNode)x).ToArray()),
        ["ratio_median"] = MedianRatio,
        ["ratio_min"] = Ratios.Min(),
        ["ratio_max"] = Ratios.Max(),
    };

    static double Median(IReadOnlyList<double> xs)
    {
        var sorted = xs.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
