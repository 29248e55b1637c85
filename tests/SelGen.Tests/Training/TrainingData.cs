using SelGen.Methods;
using SelGen.Training;

namespace SelGen.Tests.Training;

/// <summary>Synthetic token data: a "prompt" of random tokens, then a trained "reply".</summary>
public static class SyntheticData
{
    public const int Pad = 0;

    public static Example Example(Random random, int promptLength, int replyLength, int vocab = 37)
    {
        var ids = Enumerable.Range(0, promptLength + replyLength).Select(_ => random.Next(1, vocab)).ToArray();
        var trained = Enumerable.Range(0, ids.Length).Select(i => i >= promptLength).ToArray();
        return new Example(ids, trained);
    }

    public static TrainingData Make(int taskCount = 16, int alignmentCount = 6, int seed = 7, bool rejected = true)
    {
        var random = new Random(seed);
        var task = Enumerable.Range(0, taskCount).Select(_ => Example(random, random.Next(3, 7), random.Next(2, 6))).ToList();
        var alignment = Enumerable.Range(0, alignmentCount).Select(_ =>
        {
            var chosen = Example(random, 4, random.Next(2, 5));
            var bad = rejected ? chosen with { Ids = chosen.Ids.Select((t, i) => i < 4 ? t : random.Next(1, 37)).ToArray() } : null;
            return new AlignmentItem(chosen, bad);
        }).ToList();
        return new TrainingData(task, alignment, Pad);
    }

    public static TrainingConfig Config(bool lora = true) => new()
    {
        Epochs = 2,
        LearningRate = 1e-2,
        BatchSize = 8,
        GradAccum = 1,
        WarmupSteps = 1,
        Lora = lora ? new SelGen.Engine.Lora.LoraConfig { R = 4, Alpha = 8 } : null,
        Seed = 3,
    };
}
