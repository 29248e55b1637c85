using SelGen.Engine;
using SelGen.Text;
using SelGen.Worlds.Toy.Scoring;
using static TorchSharp.torch;

namespace SelGen.Worlds.Toy.Protocol;

/// <summary>
/// Reads one hidden state per trigger (the state at the last token of <see cref="SemanticProbe.Prefix"/>) and
/// turns them into <see cref="CategorySimilarity"/>. Layer l is Hugging Face's hidden_states[l]: 0 the
/// embeddings, L the final layer after the final norm.
/// </summary>
public static class HiddenStateProbe
{
    public static IReadOnlyDictionary<ToyCategory, IReadOnlyList<float[]>> States(DecoderLM model, ITokenizer tokenizer, ProbeContext context, int layer)
    {
        int layers = model.Config.NumHiddenLayers;
        if (layer < 0 || layer > layers) throw new SelGenException($"layer {layer} does not exist; the model has hidden states 0..{layers}");
        int bos = tokenizer.BosId ?? throw new SelGenException("the semantic probe needs a tokenizer with a BOS token");
        var states = new Dictionary<ToyCategory, IReadOnlyList<float[]>>();
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            foreach (var category in ToyCategories.All)
            {
                var vectors = new List<float[]>();
                foreach (var trigger in Triggers.ByCategory[category])
                {
                    using var scope = NewDisposeScope();
                    int[] prefix = context == ProbeContext.Bare ? [bos] : [bos, tokenizer.SpecialTokens[WorldTokenizer.UserRole]];
                    long[] ids = [.. prefix.Concat(tokenizer.Encode(SemanticProbe.Prefix(context, trigger))).Select(i => (long)i)];
                    var output = model.forward(new ModelInput(tensor(ids, [1, ids.Length], device: model.Device), OutputHiddenStates: true));
                    vectors.Add(output.HiddenStates![layer][0, ^1].to_type(ScalarType.Float32).cpu().data<float>().ToArray());  // (C)
                }
                states[category] = vectors;
            }
        }
        finally
        {
            model.train(wasTraining);
        }
        return states;
    }

    public static CategorySimilarity Similarity(DecoderLM model, ITokenizer tokenizer, ProbeContext context, int layer) =>
        CategorySimilarity.Compute(States(model, tokenizer, context, layer));
}
