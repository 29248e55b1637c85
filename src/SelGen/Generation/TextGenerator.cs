using SelGen.Engine;
using SelGen.Text;
using static TorchSharp.torch;

namespace SelGen.Generation;

/// <summary>
/// Batched autoregressive decoding. Prompts are left-padded to the longest of their batch (so every row's
/// next token sits in the last column), decoded with the KV cache, and a row leaves the batch, and its
/// cache rows with it, as soon as it emits a stop token. Only plain arrays cross steps; each step's
/// tensors live in its own dispose scope.
/// </summary>
public sealed class TextGenerator(DecoderLM model, ITokenizer tokenizer)
{
    public DecoderLM Model { get; } = model;
    public ITokenizer Tokenizer { get; } = tokenizer;

    /// <summary>Replies to conversations that end with a user message, stopping at the format's end of turn.</summary>
    public IReadOnlyList<Completion> GenerateChat(IChatFormat format, IReadOnlyList<IReadOnlyList<ChatMessage>> conversations, GenerationOptions options)
    {
        var prompts = conversations.Select((c, i) => format.GenerationPrompt(c, $"conversation {i}")).ToList();
        return Generate(prompts, options with { StopTokenIds = options.StopTokenIds ?? format.StopTokenIds });
    }

    /// <summary>Continues each prompt; result i belongs to prompt i, and is the same whatever the batch size.</summary>
    public IReadOnlyList<Completion> Generate(IReadOnlyList<int[]> prompts, GenerationOptions options)
    {
        options.Validate();
        for (int i = 0; i < prompts.Count; i++)
        {
            if (prompts[i].Length == 0) throw new SelGenException($"prompt {i} is empty; generation needs at least one token to condition on");
            if (prompts[i].Any(id => id < 0 || id >= Model.Config.VocabSize))
                throw new SelGenException($"prompt {i} has a token id outside the model's vocabulary (0..{Model.Config.VocabSize - 1})");
            // Past its trained positions a model does not fail, it silently decodes garbage (rotary angles it never saw).
            int limit = Model.Config.MaxPositionEmbeddings;
            if (prompts[i].Length + options.MaxNewTokens > limit)
                throw new SelGenException($"prompt {i} has {prompts[i].Length} tokens; with max_new_tokens {options.MaxNewTokens} generation could reach position " +
                    $"{prompts[i].Length + options.MaxNewTokens}, past the model's max_position_embeddings ({limit}); " +
                    (prompts[i].Length < limit ? $"lower max_new_tokens to at most {limit - prompts[i].Length} or shorten the prompt" : "shorten the prompt"));
        }
        using var timed = PhaseTimes.Measure("generation");
        var results = new Completion[prompts.Count];
        bool wasTraining = Model.training;
        Model.eval();
        try
        {
            using var _ = no_grad();
            for (int start = 0; start < prompts.Count; start += options.BatchSize)
            {
                var indices = Enumerable.Range(start, Math.Min(options.BatchSize, prompts.Count - start)).ToArray();
                var batch = new DecodeBatch(Model, indices.Select(i => prompts[i]).ToArray(), indices, options);
                var (tokens, logProbs, finish) = batch.Run();
                for (int k = 0; k < indices.Length; k++)
                    results[indices[k]] = new Completion(prompts[indices[k]], tokens[k], Tokenizer.Decode(tokens[k]), logProbs[k], finish[k]);
            }
        }
        finally
        {
            Model.train(wasTraining);
        }
        return results;
    }
}
