using System.Text.Json;
using SelGen.Bench;
using SelGen.IO;

namespace SelGen.Cli.Commands;

using static SelGen.Cli.Arguments;

/// <summary>selgen bench methods: each method's training step time relative to task-only.</summary>
public sealed class BenchMethodsCommand : ICommand
{
    public string Name => "methods";
    public string Summary => "each method's step time relative to task-only, measured in one run";
    public string Help => """
        Usage: selgen bench methods --preset NAME [--batch B --prompt-length P --reply-length R --steps N --threads K --full --json]

        Trains every method for N timed steps (after 2 untimed ones) on the same random-token data and
        preset model, LoRA by default (--full: full fine-tuning), and prints the median step time and its
        ratio to task-only. Set-up work (Safe LoRA's and O-LoRA's proxy adapters) is not timed.
        Defaults: batch 8, prompt 32 and reply 32 tokens, 10 steps, threads = cores.
        """;

    public int Run(Arguments args)
    {
        var preset = args.Required("preset");
        int batch = args.Int("batch", 8, 1), prompt = args.Int("prompt-length", 32, 1), reply = args.Int("reply-length", 32, 1);
        int steps = args.Int("steps", 10, 1), threads = args.Int("threads", Environment.ProcessorCount, 1, MaxThreads);
        bool full = args.Flag("full"), json = args.Flag("json");
        args.EnsureAllUsed();
        if (steps < 1 || batch < 1 || prompt < 1 || reply < 1) throw new UsageException("--steps, --batch, --prompt-length and --reply-length must be at least 1");
        var timings = MethodsBenchmark.Run(preset, batch, prompt, reply, steps, threads, lora: !full,
            json ? null : name => Console.Error.WriteLine($"timing {name}..."));
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { preset, batch, prompt_length = prompt, reply_length = reply, steps, threads, lora = !full, methods = timings }, StrictJson.Options));
            return 0;
        }
        Console.WriteLine($"preset {preset}, batch {batch}, {prompt}+{reply} tokens, {steps} timed steps, threads {threads}, {(full ? "full fine-tuning" : "LoRA")}");
        Console.WriteLine($"{"method",-22}{"step ms",10}{"x task-only",14}");
        foreach (var t in timings) Console.WriteLine($"{t.Method,-22}{t.MedianStepSeconds * 1000,10:F1}{t.RelativeToTaskOnly,14:F2}");
        return 0;
    }
}
