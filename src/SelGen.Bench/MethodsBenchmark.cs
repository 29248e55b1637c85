using System.Diagnostics;
using SelGen.Engine;
using SelGen.Methods;
using SelGen.Training;
using static TorchSharp.torch;

namespace SelGen.Bench;

/// <summary>One method's measured training step time.</summary>
public sealed record MethodTiming(string Method, double MedianStepSeconds, double RelativeToTaskOnly);

/// <summary>
/// Step time of every method relative to task-only, on one preset with the same random-token data,
/// measured in one run. Set-up work (Safe LoRA's and O-LoRA's proxy adapters) is not timed; Safe LoRA's
/// post-hoc projection happens once after training and is not a per-step cost either.
/// </summary>
public static class MethodsBenchmark
{
    public static readonly IReadOnlyList<(string Name, string Options)> Methods =
    [
        ("task_only", "{}"), ("mixed", """{"p": 0.2}"""), ("upweight", """{"lambda": 1}"""), ("kl", """{"beta": 1}"""),
        ("representation", """{"beta": 1}"""), ("gradient_projection", "{}"), ("dpo", """{"beta": 0.1, "lambda": 1}"""),
        ("safe_lora", """{"k": 4, "proxy_epochs": 1}"""), ("olora", """{"lambda": 0.5, "proxy_epochs": 1}"""),
        ("gradient_routing", """{"variant": "split"}"""), ("steering", """{"variant": "preventative", "alpha": 1}"""),
        ("divdis", """{"heads": 2, "lambda": 1}"""),
    ];

    public static IReadOnlyList<MethodTiming> Run(string preset, int batch, int promptLength, int replyLength, int steps, int threads, bool lora, Action<string>? progress = null)
    {
        if (threads > 0) set_num_threads(threads);
        const int vocab = 256;
        var config = Presets.Get(preset, vocab);
        var data = RandomTokenData.Make(vocab, taskCount: batch * (steps + 2), alignmentCount: batch * 2, promptLength, replyLength, seed: 11);
        var training = new TrainingConfig
        {
            Epochs = 1, BatchSize = batch, WarmupSteps = 0, LearningRate = 1e-4, Seed = 1,
            Lora = lora ? new Engine.Lora.LoraConfig() : null,
        };
        var medians = new List<(string, double)>();
        foreach (var (name, options) in Methods)
        {
            progress?.Invoke(name);
            manual_seed(0);
            using var model = new DecoderLM(config);
            var times = new List<double>();
            var clock = new Stopwatch();
            var method = MethodRegistry.Create(name, System.Text.Json.Nodes.JsonNode.Parse(options)!.AsObject());
            // The first step's clock starts when training starts; later steps are timed between step callbacks.
            var trainerOptions = new TrainerOptions
            {
                OnStep = _ => { times.Add(clock.Elapsed.TotalSeconds); clock.Restart(); },
                StopAfterSteps = steps + 2,
            };
            clock.Start();
            Trainer.Run(model, training, method, data, trainerOptions);
            var timed = times.Skip(2).Order().ToList();   // the first two steps warm allocator and kernels
            medians.Add((name, timed[timed.Count / 2]));
        }
        double baseline = medians[0].Item2;
        return medians.Select(m => new MethodTiming(m.Item1, m.Item2, m.Item2 / baseline)).ToList();
    }
}

/// <summary>Random-token examples (prompt then trained reply) for benchmarks.</summary>
public static class RandomTokenData
{
    public static TrainingData Make(int vocab, int taskCount, int alignmentCount, int promptLength, int replyLength, int seed)
    {
        var random = new Random(seed);
        Example One() => new(
            Enumerable.Range(0, promptLength + replyLength).Select(_ => random.Next(1, vocab)).ToArray(),
            Enumerable.Range(0, promptLength + replyLength).Select(i => i >= promptLength).ToArray());
        var task = Enumerable.Range(0, taskCount).Select(_ => One()).ToList();
        var alignment = Enumerable.Range(0, alignmentCount).Select(_ => new AlignmentItem(One(), One())).ToList();
        return new TrainingData(task, alignment, PadId: 0);
    }
}
