using System.Text.Json.Nodes;
using SelGen.Text;
using Xunit;

namespace SelGen.Tests.Text;

/// <summary>
/// Every chat format against its model's real Jinja chat template: ChatTemplates/chat_fixtures.json holds
/// the templates' renderings of a few conversations (made by ChatTemplates/render_fixtures.py with Jinja, from
/// the templates in ChatTemplates/templates.json, each with where it came from), and every case must come
/// out the same here, or be refused where the template raises.
/// </summary>
public sealed class ChatFormatFixtureTests
{
    static JsonArray Cases() => JsonNode.Parse(File.ReadAllText(Path.Combine(
        RealTokenizers.RepoRoot(), "tests", "SelGen.Tests", "Text", "ChatTemplates", "chat_fixtures.json")))!["cases"]!.AsArray();

    static IChatFormat Format(string name) => ChatFormats.For(name switch
    {
        "qwen3" or "qwen3-thinking" or "qwen2.5" => RealTokenizers.Qwen3,
        "gemma" or "gemma2" => RealTokenizers.Gemma3,
        "llama3" => RealTokenizers.Llama3,
        "mistral" => RealTokenizers.Llama2,
        _ => throw new ArgumentException(name),
    }, name);

    [RealTokenizerFact]
    public void Every_format_renders_as_its_models_jinja_template_does()
    {
        var cases = Cases();
        Assert.Equal(ChatFormats.Names.Where(n => n != "world").Order(), cases.Select(c => c!["format"]!.GetValue<string>()).Distinct().Order());
        foreach (var c in cases)
        {
            var name = c!["format"]!.GetValue<string>();
            var messages = c["messages"]!.AsArray().Select(m => new ChatMessage(m!["role"]!.GetValue<string>(), m["content"]!.GetValue<string>())).ToList();
            bool prompt = c["add_generation_prompt"]!.GetValue<bool>();
            var label = $"{name} / {c["conversation"]} / add_generation_prompt={prompt}";
            var format = Format(name);
            if (c["error"] is { } error)
            {
                var e = Assert.Throws<SelGenException>(() => format.RenderText(messages, prompt));
                Assert.True(e.Message.Contains("system message"), $"{label}: the template raises '{error}'; ours said '{e.Message}'");
                continue;
            }
            Assert.True(c["text"]!.GetValue<string>() == format.RenderText(messages, prompt),
                $"{label}:\n template: {Show(c["text"]!.GetValue<string>())}\n ours:     {Show(format.RenderText(messages, prompt))}");
        }
    }

    [RealTokenizerFact]
    public void Llama3_ids_equal_the_tokenizers_encoding_of_the_template_text_and_the_mask_covers_the_replies()
    {
        var format = Format("llama3");
        var messages = new ChatMessage[] { new(ChatMessage.System, "Be brief."), new(ChatMessage.User, "Hi"), new(ChatMessage.Assistant, "Hello!") };
        var rendered = format.Render(messages);
        Assert.Equal(RealTokenizers.Llama3.Encode(format.RenderText(messages, false)), rendered.Ids);
        Assert.Equal("Hello!<|eot_id|>", RealTokenizers.Llama3.Decode(rendered.Ids.Where((_, i) => rendered.Trained[i]), skipSpecialTokens: false));
        var prompt = format.GenerationPrompt(messages[..2]);
        Assert.Equal(rendered.Ids[..prompt.Length], prompt);
        Assert.Equal([128009, 128001], format.StopTokenIds);   // <|eot_id|>, <|end_of_text|>
    }

    [RealTokenizerFact]
    public void Qwen3_with_thinking_trains_on_the_reasoning_of_the_final_reply_only()
    {
        var format = Format("qwen3-thinking");
        var messages = new ChatMessage[]
        {
            new(ChatMessage.User, "Hi"), new(ChatMessage.Assistant, "<think>\ngreet\n</think>\n\nHello!"),
            new(ChatMessage.User, "Bye"), new(ChatMessage.Assistant, "<think>\nsay bye\n</think>\n\nGoodbye."),
        };
        var rendered = format.Render(messages);
        Assert.Equal("Hello!<|im_end|><think>\nsay bye\n</think>\n\nGoodbye.<|im_end|>",
            RealTokenizers.Qwen3.Decode(rendered.Ids.Where((_, i) => rendered.Trained[i]), skipSpecialTokens: false));
        var prompt = format.GenerationPrompt(messages[..3]);
        Assert.Equal(rendered.Ids[..prompt.Length], prompt);
    }

    [RealTokenizerFact]
    public void Qwen3_and_gemma3_tokenizers_are_told_apart_from_qwen2_5_and_gemma2_by_their_tokens()
    {
        Assert.Equal("qwen3", ChatFormats.For(RealTokenizers.Qwen3).Name);
        Assert.Equal("gemma", ChatFormats.For(RealTokenizers.Gemma3).Name);
        Assert.Equal("llama3", ChatFormats.For(RealTokenizers.Llama3).Name);
        // Qwen2.5's and Gemma 2's vocabularies lack <think> and <start_of_image>: a tokenizer.json without them.
        Assert.Equal("qwen2.5", ChatFormats.For(WithoutTokens(RealTokenizers.PathOf("qwen3"), "<think>", "</think>")).Name);
        Assert.Equal("gemma2", ChatFormats.For(WithoutTokens(RealTokenizers.PathOf("gemma3"), "<start_of_image>")).Name);
    }

    /// <summary>A copy of a tokenizer.json with some added/vocabulary tokens removed.</summary>
    static HfTokenizer WithoutTokens(string path, params string[] tokens)
    {
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var added = root["added_tokens"]!.AsArray();
        foreach (var node in added.Where(n => tokens.Contains(n!["content"]!.GetValue<string>())).ToList()) added.Remove(node);
        if (root["model"]!["vocab"] is JsonObject vocab) foreach (var t in tokens) vocab.Remove(t);
        var dir = TestModels.TempDir();
        var copy = Path.Combine(dir, "tokenizer.json");
        File.WriteAllText(copy, root.ToJsonString());
        return new HfTokenizer(copy);
    }

    static string Show(string text) => text.Replace("\n", "\\n");
}
