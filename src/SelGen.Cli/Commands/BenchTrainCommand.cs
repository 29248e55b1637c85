using System.Globalization;
using SelGen.Bench;
using SelGen.Engine;

namespace SelGen.Cli.Commands;

using static SelGen.Cli.Arguments;

/// <summary>selgen bench train: training throughput of a preset model, optionally against the PyTorch reference.</summary>
public sealed class BenchTrainCommand : ICommand
{
    static readonly TrainBenchSettings Defaults = new();

    public string Name => "train";
    public string Summary => "training steps/s, GFLOP/s and peak memory of a preset model (fp32, CPU)";

    public string Help => $"""
        Usage: selgen bench train --preset NAME [options]

        Builds the preset model (fp32, CPU), runs warm-up steps, then times training steps on random tokens
        (forward, next-token cross-entropy, backward, AdamW step, zero grad) and prints tokens/s, achieved
        GFLOP/s, peak resident memory (VmHWM) and the machine's fp32 matmul rate ({Defaults.MatmulSize}^3, best of 5).

        FLOPs per step = 6*N*B*T + 12*L*B*T^2*H*hd, where N = every matmul weight (q,k,v,o,gate,up,down in each
        layer, plus the V*C output projection; embedding lookup and norms excluded), L layers, H query heads of
        size hd. The second term is attention: QK^T and AV, 2*2*B*T^2*H*hd forward per layer counting the full
        T x T square, times 3 for forward + backward.

        Options:
          --preset NAME        {string.Join(", ", Presets.Names)} (required)
          --steps N            timed steps (default {Defaults.Steps})
          --warmup N           untimed steps first (default {Defaults.Warmup})
          --batch B            sequences per step (default {Defaults.Batch})
          --seq T              tokens per sequence (default {Defaults.Seq})
          --threads K          libtorch threads (default: the core count, {Defaults.Threads})
          --vocab V            vocabulary size (default {Defaults.Vocab})
          --matmul-size N      side of the timed matmul; 0 skips it (default {Defaults.MatmulSize})
          --seed S             model init and token seed (default {Defaults.Seed})
          --optimizer NAME     AdamW implementation: fused (libtorch's fused kernel, SelGen.Engine.Optim.FusedAdamW)
                               or torchsharp (TorchSharp's optim.AdamW) (default {Defaults.Optimizer}); the
                               PyTorch reference uses torch.optim.AdamW's CPU default (per-parameter loop)
          --json               print one JSON object instead of the table
          --compare-pytorch    also run bench/pytorch_reference.py with the same settings and print the
                               ratio SelGen/PyTorch tokens/s (needs Debian's python3-torch; see bench/README.md)
          --rounds R           with --compare-pytorch: R back-to-back rounds, order alternating (default 1)
          --python PATH        interpreter for the reference (default {PyTorchReference.DefaultPython})
        """;

    public int Run(Arguments args)
    {
        if (args.Positionals.Count > 1) throw new UsageException($"unexpected argument '{args.Positionals[1]}'");
        var settings = new TrainBenchSettings
        {
            Preset = args.Required("preset"),
            Steps = args.Int("steps", Defaults.Steps, 1),
            Warmup = args.Int("warmup", Defaults.Warmup, 0),
            Batch = args.Int("batch", Defaults.Batch, 1),
            Seq = args.Int("seq", Defaults.Seq, 1),
            Threads = args.Int("threads", Defaults.Threads, 1, MaxThreads),
            Vocab = args.Int("vocab", Defaults.Vocab, 1),
            MatmulSize = args.Int("matmul-size", Defaults.MatmulSize, 1),
            Seed = args.Long("seed") ?? Defaults.Seed,
            Optimizer = args.String("optimizer") ?? Defaults.Optimizer,
        };
        bool json = args.Flag("json");
        bool compare = args.Flag("compare-pytorch");
        int rounds = args.Int("rounds", 1, 1);
        var python = args.String("python") ?? PyTorchReference.DefaultPython;
        if (!compare && (args.Has("rounds") || args.Has("python")))
            throw new UsageException("--rounds and --python only apply with --compare-pytorch");
        args.EnsureAllUsed();
        settings.Validate();

        if (!compare)
        {
            var result = TrainBenchmark.Run(settings);
            if (json) Console.WriteLine(result.ToJson().ToJsonString());
            else BenchTrainTable.Print(Console.Out, settings, [result], null);
            return 0;
        }
        var reference = PyTorchReference.Locate(python);
        var comparison = TrainComparison.Run(settings, reference, rounds);
        if (json) Console.WriteLine(comparison.ToJson().ToJsonString());
        else BenchTrainTable.Print(Console.Out, settings, [.. comparison.SelGen, .. comparison.PyTorch], comparison);
        return 0;
    }
}

/// <summary>The human-readable output of bench train.</summary>
static class BenchTrainTable
{
    public static void Print(TextWriter o, TrainBenchSettings s, IReadOnlyList<TrainBenchResult> results, TrainComparison? comparison)
    {
        var first = results[0];
        o.WriteLine($"bench train: preset {s.Preset}, vocab {s.Vocab}, batch {s.Batch} x seq {s.Seq}, {s.Threads} thread{(s.Threads == 1 ? "" : "s")}, "
            + $"{s.Steps} timed steps after {s.Warmup} warm-up");
        o.WriteLine($"model: {Millions(first.Parameters)} parameters, N = {Millions(first.MatmulParameters)} matmul weights, "
            + $"{first.FlopsPerStep / 1e9:F2} GFLOP per step ({FlopCount.Formula})");
        o.WriteLine();
        o.WriteLine($"{"impl",-8} {"library",-18} {"AdamW",-10} {"tokens/s",9} {"GFLOP/s",8} {"best",6} {"matmul",7} {"%",6} {"best %",6} "
            + $"{"fwd ms",7} {"bwd ms",7} {"opt ms",7} {"step ms",8} {"min",6} {"peak MB",7} {"loss",13}");
        foreach (var r in results)
            o.WriteLine($"{r.Implementation,-8} {r.Library,-18} {r.Optimizer,-10} {r.TokensPerSecond,9:F0} {r.Gflops,8:F1} {r.GflopsBestStep,6:F1} {r.MatmulGflops,7:F1} "
                + $"{Percent(r.FractionOfMatmul),6} {Percent(r.MatmulGflops > 0 ? r.GflopsBestStep / r.MatmulGflops : double.NaN),6} {r.ForwardMs,7:F1} {r.BackwardMs,7:F1} {r.OptimizerMs,7:F1} "
                + $"{r.StepMsMedian,8:F1} {r.StepMsMin,6:F1} {r.PeakMemMb,7:F0} "
                + $"{r.LossFirst,6:F3}>{r.LossLast,-6:F3}");
        o.WriteLine();
        o.WriteLine($"GFLOP/s = FLOPs x steps / wall time; best = the fastest step's rate; matmul = " + (s.MatmulSize > 0 ? $"best fp32 {s.MatmulSize}^3 matmul GFLOP/s" : "not measured (--matmul-size 0)"));
        o.WriteLine("in the same process; % = GFLOP/s / matmul, best % = best / matmul; step ms = median step; peak MB = VmHWM of the process");
        if (comparison is null) return;
        var ratios = comparison.Ratios;
        o.WriteLine($"SelGen/PyTorch tokens/s: {string.Join(" ", ratios.Select(x => x.ToString("F3", CultureInfo.InvariantCulture)))}"
            + (ratios.Count > 1 ? $"  (median {comparison.MedianRatio:F3}, min {ratios.Min():F3}, max {ratios.Max():F3})" : ""));
    }

    static string Millions(long n) => (n / 1e6).ToString("F2", CultureInfo.InvariantCulture) + "M";
    static string Percent(double f) => double.IsNaN(f) ? "-" : (100 * f).ToString("F1", CultureInfo.InvariantCulture) + "%";
}
