using System.Text.Json.Serialization;
using SelGen.IO;
using SelGen.Text;

namespace SelGen.Generation;

/// <summary>One line of a generation input file: a conversation ending with a user message, and an optional id echoed to the output.</summary>
public sealed record GenerationRequest(
    [property: JsonPropertyName("messages")] IReadOnlyList<ChatMessage> Messages,
    [property: JsonPropertyName("id")] string? Id = null) : IChatRecord;

/// <summary>One line of a generation output file (and the --json answer of `selgen generate`).</summary>
public sealed record GenerationResult(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("prompt_ids")] int[] PromptIds,
    [property: JsonPropertyName("token_ids")] int[] TokenIds,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("logprobs")] float[] LogProbs,
    [property: JsonPropertyName("finish_reason")] FinishReason FinishReason)
{
    public static GenerationResult Of(Completion c, string? id = null) => new(id, c.PromptIds, c.TokenIds, c.Text, c.LogProbs, c.Finish);
}

/// <summary>Replies to every conversation of a JSONL file, written in input order to another JSONL file.</summary>
public static class GenerationFiles
{
    /// <returns>the number of records written.</returns>
    public static int Run(TextGenerator generator, IChatFormat format, string inputPath, string outputPath, GenerationOptions options)
    {
        var requests = ChatJsonl.Read<GenerationRequest>(inputPath, Conversation.Ending.User);
        var prompts = requests.Select(r => format.GenerationPrompt(r.Record.Messages, $"{inputPath}:{r.Line}")).ToList();
        var completions = generator.Generate(prompts, options with { StopTokenIds = options.StopTokenIds ?? format.StopTokenIds });
        Jsonl.Write(outputPath, completions.Select((c, i) => GenerationResult.Of(c, requests[i].Record.Id)));
        return completions.Count;
    }
}
