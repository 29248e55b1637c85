using System.Text.Json.Serialization;
using SelGen.Training;

namespace SelGen.Methods;

/// <summary>
/// Mixed fine-tuning: CE over batches drawn from T ∪ A, with the alignment items cycled until they make up
/// a share p of the mix (|A'| = round(p/(1−p)·|T|)). The loss is plain CE; only the data changes.
/// </summary>
public sealed class Mixed(Mixed.Options options) : IMethod
{
    public sealed record Options : IMethodOptions
    {
        /// <summary>Share of alignment items in the mixed training set, in (0, 1).</summary>
        [JsonPropertyName("p")] public double P { get; init; } = 0.2;

        public void Validate(string source) => Knob.Check(P is > 0 and < 1, source, "p", P, "in (0, 1)");
    }

    public string Name => "mixed";
    public bool UsesAlignment => false;

    public IReadOnlyList<Example> TrainingSet(IReadOnlyList<Example> task, IReadOnlyList<AlignmentItem> alignment)
    {
        if (alignment.Count == 0) throw new SelGenException("method 'mixed' needs alignment data; none was given");
        int count = (int)Math.Round(options.P / (1 - options.P) * task.Count);
        return task.Concat(Enumerable.Range(0, count).Select(i => alignment[i % alignment.Count].Chosen)).ToList();
    }

    public IReadOnlyDictionary<string, double> Backward(MicroStep step, MethodContext context) =>
        TaskOnly.Step(step, context);
}
