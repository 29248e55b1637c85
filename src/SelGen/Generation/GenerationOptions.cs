namespace SelGen.Generation;

/// <summary>How to decode. Temperature 0 means greedy (argmax); otherwise sampling with nucleus (top-p) truncation.</summary>
public sealed record GenerationOptions
{
    /// <summary>Most tokens generated per request (the stop token not counted).</summary>
    public int MaxNewTokens { get; init; } = 128;

    /// <summary>0 = greedy; above 0, logits are divided by it before sampling.</summary>
    public double Temperature { get; init; }

    /// <summary>Sample only from the smallest set of most likely tokens whose probability reaches this (1 = no truncation).</summary>
    public double TopP { get; init; } = 1.0;

    /// <summary>Request i samples from its own generator seeded by (Seed, i), so its text does not depend on the batch it ran in.</summary>
    public long Seed { get; init; }

    /// <summary>Requests decoded together (left-padded to the longest prompt of the batch).</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Reuse keys and values of earlier positions (the KV cache); off only to check or measure it.</summary>
    public bool UseCache { get; init; } = true;

    /// <summary>Tokens that end a request; null means the chat format's (or none for raw prompts).</summary>
    public IReadOnlyList<int>? StopTokenIds { get; init; }

    public bool Greedy => Temperature == 0;

    public static GenerationOptions GreedyDecoding(int maxNewTokens) => new() { MaxNewTokens = maxNewTokens };

    public GenerationOptions Validate()
    {
        if (MaxNewTokens < 1) throw new SelGenException($"max new tokens must be at least 1; it is {MaxNewTokens}");
        if (!(Temperature >= 0) || double.IsInfinity(Temperature)) throw new SelGenException($"temperature must be 0 (greedy) or positive; it is {Temperature}");
        if (!(TopP > 0 && TopP <= 1)) throw new SelGenException($"top-p must be in (0, 1]; it is {TopP}");
        if (BatchSize < 1) throw new SelGenException($"batch size must be at least 1; it is {BatchSize}");
        return this;
    }
}

public enum FinishReason
{
    /// <summary>A stop token was generated (it is not part of the completion).</summary>
    Stop,

    /// <summary>The token budget ran out.</summary>
    Length,
}

/// <summary>One request's result.</summary>
/// <param name="TokenIds">the generated tokens, without the stop token.</param>
/// <param name="Text">those tokens decoded, special tokens skipped.</param>
/// <param name="LogProbs">log p(token | everything before) of each generated token under the model itself
/// (temperature 1, no top-p), whatever distribution it was sampled from.</param>
public sealed record Completion(int[] PromptIds, int[] TokenIds, string Text, float[] LogProbs, FinishReason Finish);
