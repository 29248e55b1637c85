using System.Text.Json;
using SelGen.Bench;
using SelGen.IO;

namespace SelGen.Cli.Commands;

using static SelGen.Cli.Arguments;

/// <summary>selgen bench generate: generated tokens per second, with and without the KV cache.</summary>
public sealed class BenchGenerateCommand : ICommand
{
    public string Name => "generate";
    public string Summary => "generated tokens/s of a batch, with and without the KV cache";
    public string Help => """
        Usage: selgen bench generate --preset NAME [--batch B --prompt-length P --new-tokens N --threads K --json]

        Greedy decoding of N new tokens (no stop) for B random prompts of P tokens on a freshly initialised
        preset model, after one untimed warm-up; tokens/s = B·N / wall time, prefill included.
        Defaults: batch 8, prompt length 64, new tokens 64, threads = cores.
        """;

    public int Run(Arguments args)
    {
        var preset = args.Required("preset");
        int batch = args.Int("batch", 8, 1), prompt = args.Int("prompt-length", 64, 1), newTokens = args.Int("new-tokens", 64, 1);
        int threads = args.Int("threads", Environment.ProcessorCount, 1, MaxThreads);
        bool json = args.Flag("json");
        args.EnsureAllUsed();
        var r = GenerationBenchmark.Run(preset, batch, prompt, newTokens, threads);
        if (json) Console.WriteLine(JsonSerializer.Serialize(r, StrictJson.Options));
        else
        {
            Console.WriteLine($"preset {r.Preset}, batch {r.Batch}, prompt {r.PromptLength}, new tokens {r.NewTokens}, threads {r.Threads}, vocab {r.VocabSize}");
            Console.WriteLine($"  with KV cache    {r.CachedTokensPerSecond,10:F1} tokens/s  ({r.CachedSeconds:F2} s)");
            Console.WriteLine($"  without cache    {r.UncachedTokensPerSecond,10:F1} tokens/s  ({r.UncachedSeconds:F2} s)");
            Console.WriteLine($"  cache speed-up   {r.CachedTokensPerSecond / r.UncachedTokensPerSecond,10:F2}x");
        }
        return 0;
    }
}
