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
        Score(bundle, set, batchSize).Accuracy;

    /// <summary>Accuracy per category, and how often each colour was answered per category (key: category, then colour word).</summary>
    public static (CategoryAccuracy Accuracy, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Answers) Score(ModelBundle bundle, ToyEvaluationSet set, int batchSize = 64)
    {
        var predicted = ToyScoring.Predict(set, NextTokenArgmax.For(bundle.Model, bundle.Format, batchSize));
        var answers = ToyCategories.All.Where(c => set.Items.Any(i => i.Category == c)).ToDictionary(c => c.Key(),
            c => (IReadOnlyDictionary<string, int>)Colours.All.ToDictionary(colour => colour.Word(),
                colour => set.Items.Where((item, k) => item.Category == c && predicted[k] == colour).Count()));
        return (CategoryAccuracy.Of(set.Items, predicted), answers);
    }
}
