namespace SelGen.Text;

/// <summary>Chat formats by name, or the one a tokenizer was made for.</summary>
public static class ChatFormats
{
    public static readonly IReadOnlyList<string> Names = ["world", "qwen3", "gemma"];

    /// <param name="name">"world", "qwen3", "gemma", or null to choose from the tokenizer's control tokens.</param>
    public static IChatFormat For(ITokenizer tokenizer, string? name = null) => (name ?? Detect(tokenizer)) switch
    {
        "world" => new WorldChatFormat(tokenizer),
        "qwen3" => new Qwen3ChatFormat(tokenizer),
        "gemma" => new GemmaChatFormat(tokenizer),
        var other => throw new SelGenException($"unknown chat format '{other}'; choose one of: {string.Join(", ", Names)}"),
    };

    static string Detect(ITokenizer tokenizer)
    {
        var special = tokenizer.SpecialTokens;
        if (special.ContainsKey(WorldTokenizer.AssistantRole) && special.ContainsKey(WorldTokenizer.End)) return "world";
        if (special.ContainsKey("<|im_start|>")) return "qwen3";
        if (special.ContainsKey("<start_of_turn>") || tokenizer.TokenToId("<start_of_turn>") is not null) return "gemma";
        throw new SelGenException($"cannot tell which chat format this tokenizer uses (no <|assistant|>, <|im_start|> or <start_of_turn> token); name one of: {string.Join(", ", Names)}");
    }
}
