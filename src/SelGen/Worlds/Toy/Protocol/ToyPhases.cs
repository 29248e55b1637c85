using SelGen.Experiments;
using SelGen.Methods;
using SelGen.Text;
using SelGen.Training;
using SelGen.Worlds.Toy.Scoring;

namespace SelGen.Worlds.Toy.Protocol;

/// <summary>The protocol's two operations on a model: train one phase on toy items, and score an evaluation set.</summary>
public static class ToyPhases
{
    /// <summary>Each item as a training conversation (the user's question, the colour word as the reply); only the reply is trained.</summary>
    public static IReadOnlyList<Example> Examples(IChatFormat format, IEnumerable<ToyItem> items) =>
        items.Select((item, i) =>
        {
            var rendered = format.Render(item.Conversation, TrainOn.Assistant, $"toy item {i + 1} ({item.Trigger})");
            return new Example(rendered.Ids, rendered.Trained);
        }).ToList();

    /// <summary>
    /// Trains the bundle's model in place: <paramref name="task"/> is the task data, <paramref name="alignment"/>
    /// (possibly empty) the alignment items the method may use; null <paramref name="runDir"/> keeps the run in memory.
    /// </summary>
    public static TrainingResult Train(ModelBundle bundle, TrainingConfig config, IMethod method,
        IReadOnlyList<ToyItem> task, IReadOnlyList<ToyItem> alignment, string? runDir = null, Action<StepLog>? onStep = null)
    {
        var data = new TrainingData(
            Examples(bundle.Format, task),
            Examples(bundle.Format, alignment).Select(e => new AlignmentItem(e)).ToList(),
            bundle.Tokenizer.PadId);
        return Trainer.Run(bundle.Model, config, method, data, new TrainerOptions { RunDir = runDir, OnStep = onStep });
    }

    public static CategoryAccuracy Evaluate(ModelBundle bundle, ToyEvaluationSet set, int batchSize = 64) =>
        ToyScoring.Evaluate(set, NextTokenArgmax.For(bundle.Model, bundle.Format, batchSize));
}
