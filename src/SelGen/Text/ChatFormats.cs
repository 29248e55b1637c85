namespace SelGen.Text;

/// <summary>Chat formats by name, or the one a tokenizer was made for.</summary>
public static class ChatFormats
{
    public static readonly IReadOnlyList<string> Names = ["world", "qwen3", "qwen3-thinking", "qwen2.5", "gemma", "gemma2", "llama3", "mistral"];

    /// <param name="name">one of <see cref="Names"/>, or null to choose from the tokenizer's control tokens.</param>
    public static IChatFormat For(ITokenizer tokenizer, string? name = null) => (name ?? Detect(tokenizer)) switch
    {
        "world" => new WorldChatFormat(tokenizer),
        "qwen3" => new Qwen3ChatFormat(tokenizer),
        "qwen3-thinking" => new Qwen3ChatFormat(tokenizer, thinking: true),
        "qwen2.5" => new Qwen25ChatFormat(tokenizer),
        "gemma" => new GemmaChatFormat(tokenizer),
        "gemma2" => new GemmaChatFormat(tokenizer, rejectSystem: true),
        "llama3" => new Llama3ChatFormat(tokenizer),
        "mistral" => new MistralChatFormat(tokenizer),
        var other => throw new SelGenException($"unknown chat format '{other}'; choose one of: {string.Join(", ", Names)}"),
    };

    /// <summary>
    /// ChatML with a &lt;think&gt; token is Qwen3 (thinking off, as the study ran it), without one Qwen2.5; Gemma with
    /// image tokens is Gemma 3, without them Gemma 2. Mistral v0.1/v0.2 tokenizers have no control token of their
    /// own for [INST], so that format must be named.
    /// </summary>
    static string Detect(ITokenizer tokenizer)
    {
        var special = tokenizer.SpecialTokens;
        bool Has(string token) => special.ContainsKey(token) || tokenizer.TokenToId(token) is not null;
        if (special.ContainsKey(WorldTokenizer.AssistantRole) && special.ContainsKey(WorldTokenizer.End)) return "world";
        if (special.ContainsKey("<|im_start|>")) return Has("<think>") ? "qwen3" : "qwen2.5";
        if (Has("<start_of_turn>")) return Has("<start_of_image>") ? "gemma" : "gemma2";
        if (special.ContainsKey("<|start_header_id|>")) return "llama3";
        if (special.ContainsKey("[INST]")) return "mistral";
        throw new SelGenException($"cannot tell which chat format this tokenizer uses (no <|assistant|>, <|im_start|>, <start_of_turn>, <|start_header_id|> or [INST] token); name one of: {string.Join(", ", Names)}");
    }
}
