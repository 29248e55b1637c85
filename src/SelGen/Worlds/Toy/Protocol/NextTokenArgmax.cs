using SelGen.Engine;
using SelGen.Text;
using SelGen.Worlds.Toy.Scoring;
using static TorchSharp.torch;

namespace SelGen.Worlds.Toy.Protocol;

/// <summary>
/// The study's scoring: the model's answer is the argmax of the next-token distribution, at the start of the
/// assistant's reply, restricted to the colour words. Each colour word must be one token (the toy tokenizer
/// has them as whole words), so one forward pass per prompt suffices.
/// </summary>
public static class NextTokenArgmax
{
    public static CandidateArgmax For(DecoderLM model, IChatFormat format, int batchSize = 64) => (prompts, candidates) =>
    {
        var candidateIds = candidates.Select(c => format.Tokenizer.Encode(c) is [var id] ? (long)id
            : throw new SelGenException($"candidate '{c}' is not one token in this tokenizer; next-token scoring needs single-token answers")).ToArray();
        var ids = prompts.Select((p, i) => format.GenerationPrompt([new ChatMessage(ChatMessage.User, p)], $"prompt {i + 1}")).ToList();
        var best = new int[ids.Count];
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            for (int start = 0; start < ids.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var chunk = ids.Skip(start).Take(batchSize).ToList();
                int width = chunk.Max(c => c.Length);
                var data = new long[chunk.Count * width];  // right-padded with 0: causal attention never looks ahead
                for (int k = 0; k < chunk.Count; k++)
                    for (int j = 0; j < chunk[k].Length; j++) data[k * width + j] = chunk[k][j];
                var input = tensor(data, [chunk.Count, width], device: model.Device);                          // (B, W)
                var logits = model.forward(new ModelInput(input)).Logits;                                       // (B, W, V)
                var last = tensor(chunk.Select(c => (long)c.Length - 1).ToArray(), device: model.Device);
                var atEnd = logits[arange(chunk.Count, device: model.Device), last];                            // (B, V)
                var colours = atEnd.index_select(1, tensor(candidateIds, device: model.Device));                // (B, K)
                var argmax = colours.argmax(1).cpu().data<long>().ToArray();
                for (int k = 0; k < chunk.Count; k++) best[start + k] = (int)argmax[k];
            }
        }
        finally
        {
            model.train(wasTraining);
        }
        return best;
    };
}
